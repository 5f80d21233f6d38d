/** In-memory Particle Cloud state: users, tokens, devices, products and the event log. */

export interface ParticleUser {
  id: string;
  username: string;
  password: string;
  mfaSecret?: string;
  mfaEnabled: boolean;
}

export interface ParticleToken {
  token: string;
  userId: string;
  client: string;
  expiresAt: number | null;
  refreshToken?: string;
}

export interface SimFunction {
  /** Deterministic result of a call with this argument. */
  call(arg: string): number;
}

export interface ParticleDevice {
  id: string;
  name: string;
  ownerId: string | null;
  productId: number | null;
  platformId: number;
  online: boolean;
  notes: string | null;
  development: boolean;
  firmwareLocked: boolean;
  firmwareVersion: number | null;
  systemFirmwareVersion: string;
  lastApp: string;
  lastHeard: string;
  serialNumber: string;
  functions: Record<string, SimFunction>;
  variables: Record<string, { type: string; read(now: number): number | string | boolean }>;
  uptimeBase: number;
}

export interface ParticleEvent {
  id: number;
  name: string;
  data: string;
  ttl: number;
  published_at: string;
  coreid: string;
  /** Owner of the device (or publishing user) — who may see a private event. */
  ownerId: string | null;
  productId: number | null;
  isPrivate: boolean;
}

export interface OAuthClient {
  id: string;
  secret: string;
  name: string;
  type: 'installed' | 'web' | 'customer';
  redirect_uri?: string;
  scope?: string;
  userId: string;
  productId: number | null;
}

export interface ParticleState {
  clients: Map<string, OAuthClient>;
  users: Map<string, ParticleUser>;
  tokens: Map<string, ParticleToken>;
  refreshTokens: Map<string, ParticleToken>;
  devices: Map<string, ParticleDevice>;
  products: Map<number, { id: number; slug: string; name: string; platform_id: number }>;
  /** Pending MFA logins: mfa_token → user id. */
  mfaTokens: Map<string, string>;
  nextEventId: number;
}

export const SEED_USERNAME = 'dev@example.com';
export const SEED_PASSWORD = 'sandbox-password';

function hex(random: () => number, n: number): string {
  return Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
}

/** Builds the seeded state; the same seed gives the same ids and names. */
export function seedParticle(random: () => number, now: number): ParticleState {
  const user: ParticleUser = {
    id: hex(random, 24),
    username: SEED_USERNAME,
    password: SEED_PASSWORD,
    mfaEnabled: false,
  };
  const devices = new Map<string, ParticleDevice>();
  const make = (
    name: string,
    online: boolean,
    productId: number | null,
    platformId: number,
  ): ParticleDevice => {
    const d: ParticleDevice = {
      id: hex(random, 24),
      name,
      ownerId: user.id,
      productId,
      platformId,
      online,
      notes: null,
      development: false,
      firmwareLocked: false,
      firmwareVersion: productId ? 1 : null,
      systemFirmwareVersion: '5.8.0',
      lastApp: '',
      lastHeard: new Date(now - (online ? 1000 : 86_400_000)).toISOString(),
      serialNumber: `P2SB${hex(random, 11).toUpperCase()}`,
      functions: {
        // led("on") → 1, led("off") → 0, anything else → -1
        led: { call: (arg) => (arg === 'on' ? 1 : arg === 'off' ? 0 : -1) },
        // brew returns the number of characters of its argument
        brew: { call: (arg) => arg.length },
      },
      variables: {
        temp: { type: 'double', read: () => 21.5 },
        uptime: { type: 'int32', read: (t) => Math.floor((t - d.uptimeBase) / 1000) },
      },
      uptimeBase: now,
    };
    devices.set(d.id, d);
    return d;
  };
  make('kettle', true, null, 32);
  make('garage', false, null, 32);
  make('fleet-01', true, 4242, 12);
  make('fleet-02', false, 4242, 12);
  return {
    users: new Map([[user.id, user]]),
    clients: new Map(),
    tokens: new Map(),
    refreshTokens: new Map(),
    devices,
    products: new Map([
      [4242, { id: 4242, slug: 'sandbox-fleet-4242', name: 'Sandbox Fleet', platform_id: 12 }],
    ]),
    mfaTokens: new Map(),
    nextEventId: 1,
  };
}

/** The device as the cloud's device endpoints describe it. */
export function deviceJson(d: ParticleDevice, full: boolean) {
  const base = {
    id: d.id,
    name: d.name,
    last_app: d.lastApp || null,
    last_ip_address: d.online ? '10.0.0.2' : null,
    last_heard: d.lastHeard,
    last_handshake_at: d.lastHeard,
    product_id: d.productId ?? d.platformId,
    online: d.online,
    connected: d.online,
    platform_id: d.platformId,
    cellular: false,
    notes: d.notes,
    firmware_updates_enabled: !d.firmwareLocked,
    firmware_updates_forced: false,
    status: 'normal',
    serial_number: d.serialNumber,
    system_firmware_version: d.systemFirmwareVersion,
    current_build_target: d.systemFirmwareVersion,
    default_build_target: d.systemFirmwareVersion,
    development: d.development,
    firmware_version: d.firmwareVersion,
    functions: Object.keys(d.functions),
    variables: Object.fromEntries(Object.entries(d.variables).map(([k, v]) => [k, v.type])),
  };
  return full ? base : { ...base, functions: undefined, variables: undefined };
}
