// Resolves where a command talks to: a profile's Genesys environment and Particle cloud, or the sandbox
// (a running one from the profile's sandbox_url, else one started in-process for this command).
import type { Particle } from '@skyport/particle';
import { UsageError } from './errors.js';
import type { OutputFormat } from './output.js';
import { type Credentials, findProfile, type Profile, readCredentials } from './profiles.js';

export interface GlobalOptions {
  profile?: string;
  env?: string;
  output: OutputFormat;
  debug: boolean;
}

export interface Target {
  profile: Profile;
  credentials: Credentials;
  /** True when the target is a sandbox started in-process for this command (its state is fresh). */
  ephemeral: boolean;
  genesys: { apiUrl: string; loginUrl: string; clientId?: string; clientSecret?: string };
  particle: { apiUrl: string; username?: string; password?: string };
  close(): Promise<void>;
}

const HOST = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i;

/** `https://api.<host>` and `https://login.<host>` for a Genesys Cloud environment host. */
export function environmentUrls(host: string): { apiUrl: string; loginUrl: string } {
  const bare = host
    .replace(/^https?:\/\//, '')
    .replace(/^(api|login)\./, '')
    .replace(/\/+$/, '');
  if (!HOST.test(bare)) {
    throw new UsageError(
      `--env must be "sandbox" or an environment host such as mypurecloud.com (got "${host}")`,
    );
  }
  return { apiUrl: `https://api.${bare}`, loginUrl: `https://login.${bare}` };
}

/** The profile a command uses: --profile, else `default`, else the sandbox. --env overrides its environment. */
export function resolveProfile(opts: Pick<GlobalOptions, 'profile' | 'env'>): Profile {
  const found = findProfile(opts.profile);
  const profile: Profile = found ? { ...found } : { name: opts.profile ?? 'default', env: 'sandbox' };
  if (opts.env) {
    if (opts.env !== profile.env) profile.sandboxUrl = undefined;
    profile.env = opts.env;
  }
  return profile;
}

export async function openTarget(opts: GlobalOptions): Promise<Target> {
  const profile = resolveProfile(opts);
  const stored = readCredentials(profile.name);
  const env = process.env;
  const credentials: Credentials = {
    ...stored,
    clientSecret: env.SKYPORT_CLIENT_SECRET ?? stored.clientSecret,
    particleAccessToken: env.PARTICLE_ACCESS_TOKEN ?? stored.particleAccessToken,
  };
  const clientId = env.SKYPORT_CLIENT_ID ?? profile.clientId;

  if (profile.env === 'sandbox' && !profile.sandboxUrl) {
    const { startSandbox } = await import('@skyport/sandbox');
    const sandbox = await startSandbox({ port: 0 });
    return {
      profile,
      // Tokens saved for another sandbox mean nothing to a fresh one.
      credentials: { clientSecret: sandbox.genesys.clientSecret },
      ephemeral: true,
      genesys: {
        apiUrl: sandbox.genesys.apiUrl,
        loginUrl: sandbox.genesys.loginUrl,
        clientId: sandbox.genesys.clientId,
        clientSecret: sandbox.genesys.clientSecret,
      },
      particle: {
        apiUrl: sandbox.particle?.apiUrl ?? sandbox.url,
        username: sandbox.particle?.username,
        password: sandbox.particle?.password,
      },
      close: () => sandbox.close(),
    };
  }

  const urls =
    profile.env === 'sandbox'
      ? {
          apiUrl: stripSlash(profile.sandboxUrl as string),
          loginUrl: `${stripSlash(profile.sandboxUrl as string)}/login`,
        }
      : environmentUrls(profile.env);
  return {
    profile,
    credentials,
    ephemeral: false,
    genesys: { ...urls, clientId, clientSecret: credentials.clientSecret },
    particle: {
      apiUrl:
        profile.particleApiUrl ??
        (profile.env === 'sandbox' ? stripSlash(profile.sandboxUrl as string) : 'https://api.particle.io'),
    },
    close: async () => {},
  };
}

function stripSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** A Particle client and an access token (the sandbox's seeded user when it is in-process). */
export async function particleClient(target: Target): Promise<{ particle: Particle; auth: string }> {
  // Loaded on use, so Genesys commands start without the Particle client.
  const { Particle } = await import('@skyport/particle');
  const particle = new Particle({ baseUrl: target.particle.apiUrl });
  if (target.credentials.particleAccessToken)
    return { particle, auth: target.credentials.particleAccessToken };
  const { username, password } = target.particle;
  if (target.ephemeral && username && password) {
    const login = await particle.login({ username, password });
    return { particle, auth: login.body.access_token };
  }
  throw new UsageError(
    `profile "${target.profile.name}" has no Particle login; run \`skyport login --particle --profile ${target.profile.name}\` or set PARTICLE_ACCESS_TOKEN`,
  );
}
