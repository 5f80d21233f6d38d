// Profiles live in <config dir>/config as INI sections `[profile NAME]`; secrets and tokens in
// <config dir>/credentials (mode 0600). The config dir is $SKYPORT_CONFIG_DIR, else $HOME/.skyport.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'ini';
import { UsageError } from './errors.js';

export interface Profile {
  name: string;
  /** `sandbox`, or a Genesys Cloud environment host such as `mypurecloud.com` or `usw2.pure.cloud`. */
  env: string;
  /** For env `sandbox`: the URL of a sandbox already running (else one is started in-process per command). */
  sandboxUrl?: string;
  clientId?: string;
  /** Particle API base URL (default https://api.particle.io, or the sandbox). */
  particleApiUrl?: string;
}

export interface Credentials {
  clientSecret?: string;
  genesysAccessToken?: string;
  genesysExpiresAt?: number;
  particleAccessToken?: string;
  particleUsername?: string;
}

const PROFILE_KEYS: Record<string, keyof Profile> = {
  env: 'env',
  sandbox_url: 'sandboxUrl',
  client_id: 'clientId',
  particle_api_url: 'particleApiUrl',
};
const CREDENTIAL_KEYS: Record<string, keyof Credentials> = {
  client_secret: 'clientSecret',
  genesys_access_token: 'genesysAccessToken',
  genesys_expires_at: 'genesysExpiresAt',
  particle_access_token: 'particleAccessToken',
  particle_username: 'particleUsername',
};

export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.SKYPORT_CONFIG_DIR || join(env.HOME || env.USERPROFILE || homedir(), '.skyport');
}

function readIni(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
  return parse(text);
}

function writeIni(path: string, data: Record<string, unknown>, mode: number): void {
  mkdirSync(configDir(), { recursive: true, mode: 0o700 });
  writeFileSync(path, stringify(data, { whitespace: true }), { mode });
  chmodSync(path, mode);
}

const configFile = () => join(configDir(), 'config');
const credentialsFile = () => join(configDir(), 'credentials');

export function listProfiles(): Profile[] {
  const data = readIni(configFile());
  return Object.keys(data)
    .filter((k) => k.startsWith('profile '))
    .map((k) => readProfile(k.slice('profile '.length), data[k] as Record<string, unknown>));
}

function readProfile(name: string, section: Record<string, unknown>): Profile {
  const profile: Profile = { name, env: 'sandbox' };
  for (const [key, value] of Object.entries(section)) {
    const field = PROFILE_KEYS[key];
    if (!field) throw new UsageError(`${configFile()}: [profile ${name}] has an unknown key "${key}"`);
    if (typeof value !== 'string')
      throw new UsageError(`${configFile()}: [profile ${name}] ${key} must be a string`);
    (profile as unknown as Record<string, string>)[field] = value;
  }
  return profile;
}

/** The named profile; without a name the `default` profile, or undefined when none exists. */
export function findProfile(name: string | undefined): Profile | undefined {
  const wanted = name ?? 'default';
  const found = listProfiles().find((p) => p.name === wanted);
  if (!found && name !== undefined) {
    throw new UsageError(
      `no profile named "${name}" in ${configFile()} (run \`skyport login --profile ${name}\`)`,
    );
  }
  return found;
}

export function saveProfile(profile: Profile): void {
  const data = readIni(configFile());
  const section: Record<string, string> = {};
  for (const [key, field] of Object.entries(PROFILE_KEYS)) {
    const value = profile[field];
    if (value !== undefined && field !== 'name') section[key] = String(value);
  }
  data[`profile ${profile.name}`] = section;
  writeIni(configFile(), data, 0o600);
}

export function readCredentials(profile: string): Credentials {
  const section = (readIni(credentialsFile())[profile] ?? {}) as Record<string, unknown>;
  const out: Credentials = {};
  for (const [key, field] of Object.entries(CREDENTIAL_KEYS)) {
    const value = section[key];
    if (typeof value !== 'string') continue;
    if (field === 'genesysExpiresAt') out.genesysExpiresAt = Number(value);
    else out[field] = value;
  }
  return out;
}

export function saveCredentials(profile: string, patch: Credentials): void {
  const data = readIni(credentialsFile());
  const section = { ...((data[profile] ?? {}) as Record<string, string>) };
  for (const [key, field] of Object.entries(CREDENTIAL_KEYS)) {
    const value = patch[field];
    if (value !== undefined) section[key] = String(value);
  }
  data[profile] = section;
  writeIni(credentialsFile(), data, 0o600);
}
