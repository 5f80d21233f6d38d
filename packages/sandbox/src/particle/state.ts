import { createHash } from 'node:crypto';

/** In-memory Particle Cloud state: users, tokens, devices, products and the event log. */

export interface ParticleUser {
  id: string;
  username: string;
  password: string;
  mfaSecret?: string;
  mfaEnabled: boolean;
  accountInfo?: Record<string, unknown>;
  /** Set for product customers (created with POST /v1/products/:product/customers). */
  customerOf?: number;
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
  groups: string[];
  /** Location history, oldest first (product devices report positions). */
  locations: { at: number; lat: number; lon: number; alt: number }[];
  /** PEM public key sent with POST /v1/provisioning/:id. */
  publicKey?: { key: string; algorithm: string };
  /** Env vars the device reported (after an Immediate rollout while online). */
  envOnDevice?: { rendered: Record<string, string>; reportedAt: number };
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

export interface TeamMember {
  userId: string | null;
  username: string;
  role: 'Administrator' | 'Developer' | 'Support' | 'View-only';
  invitedAt: number;
}

export interface ProductFirmware {
  version: number;
  title: string;
  description: string;
  filename: string;
  data: Buffer;
  uploadedAt: number;
  uploadedBy: string;
  productDefault: boolean;
  groups: string[];
  intelligent: boolean;
}

export interface Product {
  id: number;
  slug: string;
  name: string;
  platform_id: number;
  description: string;
  orgId: string | null;
  ownerId: string;
  team: TeamMember[];
  firmware: Map<number, ProductFirmware>;
  /** Product-wide configuration (module → settings) and per-device overrides. */
  config: Record<string, Record<string, unknown>>;
  deviceConfig: Map<string, Record<string, Record<string, unknown>>>;
  /** Device ids removed with `deny: true`; they cannot be added back. */
  denied: Set<string>;
}

export interface Org {
  id: string;
  slug: string;
  name: string;
  memberIds: string[];
}

/** Owner namespace of ledgers, logic functions, env vars and integrations: `user:<id>`, `org:<id>`, `product:<id>`. */
export type Namespace = string;

export interface Integration {
  id: string;
  ns: Namespace;
  integration_type: string;
  event: string;
  deviceId: string | null;
  url: string | null;
  requestType: string;
  noDefaults: boolean;
  rejectUnauthorized: boolean;
  /** Every other setting as sent (json, form, query, headers, auth, body, responseTemplate, …). */
  settings: Record<string, unknown>;
  createdAt: number;
  disabled: boolean;
  deliveries: WebhookDelivery[];
}

export interface WebhookDelivery {
  event: string;
  method: string;
  url: string;
  status: number | null;
  error?: string;
  responseBody?: string;
  at: number;
}

export interface SimCard {
  iccid: string;
  ownerId: string | null;
  productId: number | null;
  status: 'active' | 'inactive';
  deviceId: string | null;
  activations: number;
  deactivations: number;
  activatedOn: number | null;
  lastStatusChangeAction: string;
  mbLimit: number | null;
}

export interface LibraryVersion {
  version: string;
  author: string;
  sentence: string;
  paragraph: string;
  url: string;
  repository: string;
  license: string;
  architectures: string[];
  category: string;
  visibility: 'public' | 'private';
  ownerId: string | null;
  createdAt: number;
  /** The archive as contributed, or the files to pack on download for seeded libraries. */
  archive: Buffer | { name: string; data: string }[];
}

export interface Library {
  name: string;
  official: boolean;
  verified: boolean;
  installs: number;
  versions: LibraryVersion[];
}

export interface EnvScope {
  own: Record<string, string>;
  snapshot: { own: Record<string, string>; rendered: Record<string, string>; at: number; by: string } | null;
  createdAt: number | null;
  updatedAt: number | null;
  createdBy: string | null;
  updatedBy: string | null;
}

export interface LedgerDefinition {
  ns: Namespace;
  name: string;
  description: string;
  scope: 'Owner' | 'Product' | 'Device';
  direction: 'Upstream' | 'Downstream';
  createdAt: number;
  updatedAt: number;
  archivedAt: number | null;
}

export interface LedgerInstance {
  scopeValue: string;
  data: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
  /** Earlier contents, newest last, each with the time it was replaced. */
  versions: {
    version: string;
    data: Record<string, unknown>;
    createdAt: number;
    updatedAt: number;
    replacedAt: number;
  }[];
}

export interface LogicTrigger {
  id: string;
  type: 'Event' | 'Scheduled';
  enabled: boolean;
  version: number;
  event?: string;
  product_id?: number;
  cron?: string;
  start_at?: string;
  end_at?: string | null;
}

export interface LogicFunction {
  id: string;
  ns: Namespace;
  name: string;
  description: string;
  enabled: boolean;
  version: number;
  code: string;
  triggers: LogicTrigger[];
  createdAt: number;
  updatedAt: number;
  createdBy: string;
  updatedBy: string;
}

export interface LogicLog {
  level: 'Info' | 'Warning' | 'Error';
  timestamp: string;
  args: unknown[];
}

export interface LogicRun {
  id: string;
  functionId: string;
  triggerType: 'Event' | 'Scheduled' | 'Execute';
  triggerId: string | null;
  status: 'Success' | 'Failure' | 'Timeout';
  startedAt: number;
  finishedAt: number;
  logs: LogicLog[];
}

export interface ParticleState {
  /** Counter behind deterministic ids of things created at run time. */
  seq: number;
  orgs: Map<string, Org>;
  integrations: Map<string, Integration>;
  sims: Map<string, SimCard>;
  libraries: Map<string, Library>;
  env: Map<Namespace | string, EnvScope>;
  ledgers: Map<string, LedgerDefinition>;
  /** `ns|ledger name` → scope value → instance. */
  ledgerInstances: Map<string, Map<string, LedgerInstance>>;
  logicFunctions: Map<string, LogicFunction>;
  logicRuns: Map<string, LogicRun[]>;
  /** Usernames that asked for a password reset, in order. */
  passwordResets: string[];
  clients: Map<string, OAuthClient>;
  users: Map<string, ParticleUser>;
  tokens: Map<string, ParticleToken>;
  refreshTokens: Map<string, ParticleToken>;
  devices: Map<string, ParticleDevice>;
  products: Map<number, Product>;
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
      groups: [],
      locations: [],
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
  const f1 = make('fleet-01', true, 4242, 12);
  const f2 = make('fleet-02', false, 4242, 12);
  f1.groups = ['east'];
  f2.groups = ['west'];
  // Three positions an hour apart, the last one 10 minutes ago (fleet-01 near Boston, fleet-02 near Denver).
  for (let i = 0; i < 3; i++) {
    const at = now - 600_000 - (2 - i) * 3_600_000;
    f1.locations.push({ at, lat: 42.36 + i * 0.01, lon: -71.06 + i * 0.01, alt: 10 + i });
    f2.locations.push({ at, lat: 39.74 - i * 0.01, lon: -104.99 - i * 0.01, alt: 1600 + i });
  }
  const org: Org = { id: hex(random, 24), slug: 'sandbox-org', name: 'Sandbox Org', memberIds: [user.id] };
  const product: Product = {
    id: 4242,
    slug: 'sandbox-fleet-4242',
    name: 'Sandbox Fleet',
    platform_id: 12,
    description: 'Seeded product of the Skyport sandbox',
    orgId: null,
    ownerId: user.id,
    team: [{ userId: user.id, username: user.username, role: 'Administrator', invitedAt: now }],
    firmware: new Map([
      [
        1,
        {
          version: 1,
          title: 'Initial release',
          description: 'Seeded firmware',
          filename: 'fleet-v1.bin',
          data: Buffer.from('SKYPORT-SANDBOX-FW\u000012\u0000seeded-fleet-firmware-v1'),
          uploadedAt: now - 86_400_000,
          uploadedBy: user.username,
          productDefault: true,
          groups: [],
          intelligent: false,
        },
      ],
    ]),
    config: {
      location: { radius: 0, interval_min: 900, interval_max: 3600, min_publish: false },
      sleep: { mode: 'disable', exe_min: 10, conn_max: 90 },
    },
    deviceConfig: new Map(),
    denied: new Set(),
  };
  const sim = (
    iccid: string,
    ownerId: string | null,
    productId: number | null,
    active: boolean,
  ): SimCard => ({
    iccid,
    ownerId,
    productId,
    status: active ? 'active' : 'inactive',
    deviceId: null,
    activations: 1,
    deactivations: active ? 0 : 1,
    activatedOn: now - 30 * 86_400_000,
    lastStatusChangeAction: active ? 'activate' : 'deactivate',
    mbLimit: null,
  });
  const sims = [
    sim('89340765000025891740', user.id, null, true),
    sim('89340765000025891757', user.id, null, false),
    sim('89340765000025891765', user.id, 4242, true),
    sim('89340765000025891773', user.id, 4242, true),
  ];
  const lib = (
    name: string,
    versions: string[],
    opts: { architectures: string[]; category: string; official: boolean; installs: number },
  ): Library => ({
    name,
    official: opts.official,
    verified: opts.official,
    installs: opts.installs,
    versions: versions.map((version, i) => ({
      version,
      author: 'Skyport Sandbox <sandbox@example.com>',
      sentence: `${name} for the sandbox`,
      paragraph: `Seeded library ${name}, version ${version}.`,
      url: `https://example.com/${name}`,
      repository: `https://example.com/${name}.git`,
      license: 'MIT',
      architectures: opts.architectures,
      category: opts.category,
      visibility: 'public' as const,
      ownerId: null,
      createdAt: now - (versions.length - i) * 86_400_000,
      archive: [
        {
          name: 'library.properties',
          data: `name=${name}\nversion=${version}\nauthor=Skyport Sandbox\nsentence=${name} for the sandbox\narchitectures=${opts.architectures.join(',')}\n`,
        },
        { name: `src/${name}.h`, data: `#pragma once\n// ${name} ${version}\n` },
      ],
    })),
  });
  const libraries = [
    lib('SandboxSensor', ['1.0.0', '1.1.0'], {
      architectures: ['*'],
      category: 'Sensors',
      official: true,
      installs: 1200,
    }),
    lib('sandbox-display', ['0.3.0'], {
      architectures: ['argon', 'boron', 'p2'],
      category: 'Display',
      official: false,
      installs: 85,
    }),
  ];
  return {
    seq: 0,
    users: new Map([[user.id, user]]),
    clients: new Map(),
    tokens: new Map(),
    refreshTokens: new Map(),
    devices,
    products: new Map([[product.id, product]]),
    orgs: new Map([[org.id, org]]),
    integrations: new Map(),
    sims: new Map(sims.map((x) => [x.iccid, x])),
    libraries: new Map(libraries.map((l) => [l.name.toLowerCase(), l])),
    env: new Map(),
    ledgers: new Map(),
    ledgerInstances: new Map(),
    logicFunctions: new Map(),
    logicRuns: new Map(),
    passwordResets: [],
    mfaTokens: new Map(),
    nextEventId: 1,
  };
}

/** A deterministic 24-hex-digit id for something created at run time. */
export function nextId(state: ParticleState, kind: string): string {
  state.seq++;
  return createHash('sha256').update(`${kind}:${state.seq}`).digest('hex').slice(0, 24);
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
    groups: d.groups,
    firmware_version: d.firmwareVersion,
    functions: Object.keys(d.functions),
    variables: Object.fromEntries(Object.entries(d.variables).map(([k, v]) => [k, v.type])),
  };
  return full ? base : { ...base, functions: undefined, variables: undefined };
}
