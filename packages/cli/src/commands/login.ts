import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { ApiError, generatePkceVerifier, HttpClient, oauth, type TokenSet } from '@skyport/core';
import { Command } from 'commander';
import { environmentUrls, resolveProfile } from '../context.js';
import { UsageError } from '../errors.js';
import { type Profile, readCredentials, saveCredentials, saveProfile } from '../profiles.js';
import { ask } from '../prompt.js';
import { globals } from '../run.js';

/** The OAuth clients every sandbox seeds (see the sandbox README). */
const SANDBOX_CLIENTS = {
  pkce: 'sandbox-pkce-client',
  clientCredentials: 'sandbox-client-credentials',
  clientSecret: 'sandbox-secret',
};

interface LoginOptions {
  clientCredentials?: boolean;
  clientId?: string;
  sandboxUrl?: string;
  particle?: boolean;
  particleApiUrl?: string;
  username?: string;
  password?: string;
  otp?: string;
  browser: boolean;
  port: string;
  timeout: string;
}

function urlsFor(profile: Profile) {
  if (profile.env !== 'sandbox') return environmentUrls(profile.env);
  if (!profile.sandboxUrl) {
    throw new UsageError(
      'a sandbox started for one command forgets logins when it ends: start `skyport sandbox` and pass --sandbox-url http://127.0.0.1:4010',
    );
  }
  const base = profile.sandboxUrl.replace(/\/+$/, '');
  return { apiUrl: base, loginUrl: `${base}/login` };
}

function openBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', url]]
        : ['xdg-open', [url]];
  const child = spawn(command as string, args as string[], { stdio: 'ignore', detached: true });
  child.on('error', () => {});
  child.unref();
}

/** Authorization code with PKCE: a one-shot callback server on 127.0.0.1 receives the browser's redirect. */
async function pkceLogin(
  client: HttpClient,
  loginUrl: string,
  clientId: string,
  o: LoginOptions,
): Promise<TokenSet> {
  const port = Number(o.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be 0..65535 (got "${o.port}")`);
  const timeoutMs = Number(o.timeout) * 1000;
  if (!(timeoutMs > 0))
    throw new UsageError(`--timeout must be a positive number of seconds (got "${o.timeout}")`);
  const codeVerifier = generatePkceVerifier();
  let settle: { resolve: (code: string) => void; reject: (err: Error) => void } | undefined;
  const gotCode = new Promise<string>((resolve, reject) => {
    settle = { resolve, reject };
  });
  let expectedState = '';
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/callback') {
      res.writeHead(404).end();
      return;
    }
    const error = url.searchParams.get('error');
    const code = url.searchParams.get('code');
    let problem: string | undefined;
    if (error)
      problem = `the login was refused: ${error} ${url.searchParams.get('error_description') ?? ''}`.trim();
    else if (url.searchParams.get('state') !== expectedState)
      problem = 'the login answer had the wrong state; try again';
    else if (!code) problem = 'the login answer had no authorization code';
    res.writeHead(problem ? 400 : 200, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(problem ? `Skyport login failed: ${problem}` : 'Skyport login complete: you can close this tab.');
    if (problem) settle?.reject(new UsageError(problem));
    else settle?.resolve(code as string);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const redirectUri = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}/callback`;
  const timer = setTimeout(
    () => settle?.reject(new UsageError(`no login answer within ${o.timeout} s`)),
    timeoutMs,
  );
  try {
    const { url, state } = await oauth.buildAuthorizeUrl({
      authorizeUrl: `${loginUrl}/oauth/authorize`,
      clientId,
      redirectUri,
      responseType: 'code',
      codeVerifier,
    });
    expectedState = state;
    process.stderr.write(`Open this address to log in (redirect URI ${redirectUri}):\n${url}\n`);
    if (o.browser) openBrowser(url);
    const code = await gotCode;
    return await oauth.pkceToken({ client, clientId, code, codeVerifier, redirectUri });
  } finally {
    clearTimeout(timer);
    server.close();
  }
}

async function genesysLogin(profile: Profile, o: LoginOptions): Promise<void> {
  const { apiUrl, loginUrl } = urlsFor(profile);
  // A sandbox's seeded OAuth clients are public knowledge, so a sandbox login works without any id or secret.
  const seeded = profile.env === 'sandbox' ? SANDBOX_CLIENTS : undefined;
  const clientId =
    o.clientId ??
    process.env.SKYPORT_CLIENT_ID ??
    profile.clientId ??
    (o.clientCredentials ? seeded?.clientCredentials : seeded?.pkce);
  if (!clientId) throw new UsageError('--client-id is required (or SKYPORT_CLIENT_ID)');
  const client = new HttpClient({ baseUrl: apiUrl, loginUrl });
  try {
    let token: TokenSet;
    let clientSecret: string | undefined;
    if (o.clientCredentials) {
      clientSecret =
        process.env.SKYPORT_CLIENT_SECRET ??
        readCredentials(profile.name).clientSecret ??
        (seeded && clientId === seeded.clientCredentials ? seeded.clientSecret : undefined) ??
        (await ask('Client secret: ', 'SKYPORT_CLIENT_SECRET in the environment'));
      token = await oauth.clientCredentials({ client, clientId, clientSecret });
    } else {
      token = await pkceLogin(client, loginUrl, clientId, o);
    }
    saveProfile({ ...profile, clientId });
    saveCredentials(profile.name, {
      // The secret is kept (0600) only when it did not come from the environment.
      clientSecret: process.env.SKYPORT_CLIENT_SECRET ? undefined : clientSecret,
      genesysAccessToken: token.accessToken,
      genesysExpiresAt: token.expiresAt,
    });
    const me = o.clientCredentials
      ? undefined
      : await client.request<{ name?: string }>({
          method: 'GET',
          path: '/api/v2/users/me',
          headers: { authorization: `Bearer ${token.accessToken}` },
        });
    process.stdout.write(
      `Logged in to Genesys Cloud (${profile.env}${profile.sandboxUrl ? ` ${profile.sandboxUrl}` : ''})${me?.name ? ` as ${me.name}` : ` with client ${clientId}`}; saved to profile "${profile.name}".\n`,
    );
  } finally {
    await client.close();
  }
}

async function particleLogin(profile: Profile, o: LoginOptions): Promise<void> {
  const baseUrl =
    o.particleApiUrl ??
    profile.particleApiUrl ??
    (profile.env === 'sandbox' ? urlsFor(profile).apiUrl : 'https://api.particle.io');
  const { Particle } = await import('@skyport/particle');
  const particle = new Particle({ baseUrl });
  const username =
    o.username ?? process.env.PARTICLE_USERNAME ?? (await ask('Particle username: ', '--username'));
  const password =
    o.password ??
    process.env.PARTICLE_PASSWORD ??
    (await ask('Particle password: ', 'PARTICLE_PASSWORD in the environment'));
  let token: string;
  try {
    token = (await particle.login({ username, password })).body.access_token;
  } catch (err) {
    const body =
      err instanceof ApiError ? (err.body as { error?: string; mfa_token?: string } | undefined) : undefined;
    if (body?.error !== 'mfa_required' || !body.mfa_token) throw err;
    const otp = o.otp ?? (await ask('One-time password from your authenticator app: ', '--otp <code>'));
    token = (await particle.sendOtp({ mfaToken: body.mfa_token, otp })).body.access_token;
  }
  saveProfile({ ...profile, particleApiUrl: o.particleApiUrl ?? profile.particleApiUrl });
  saveCredentials(profile.name, { particleAccessToken: token, particleUsername: username });
  process.stdout.write(`Logged in to Particle as ${username}; saved to profile "${profile.name}".\n`);
}

export function loginCommand(): Command {
  return new Command('login')
    .description(
      'log in to Genesys Cloud (PKCE in your browser, or --client-credentials) or to Particle (--particle)',
    )
    .option(
      '--client-credentials',
      'Genesys Cloud client-credentials grant (secret from SKYPORT_CLIENT_SECRET or a prompt)',
    )
    .option('--client-id <id>', 'Genesys Cloud OAuth client id')
    .option('--sandbox-url <url>', 'with --env sandbox: a running `skyport sandbox`')
    .option('--no-browser', 'print the login address instead of opening a browser')
    .option('--port <port>', 'port of the localhost callback for PKCE (0 picks a free one)', '0')
    .option('--timeout <seconds>', 'how long to wait for the browser login', '300')
    .option('--particle', 'log in to Particle instead')
    .option('--particle-api-url <url>', 'Particle API base URL')
    .option('--username <name>', 'Particle username (or PARTICLE_USERNAME)')
    .option('--password <password>', 'Particle password (prefer PARTICLE_PASSWORD or the prompt)')
    .option('--otp <code>', 'Particle MFA one-time password')
    .action(async (o: LoginOptions, c: Command) => {
      const opts = globals(c);
      const profile = resolveProfile(opts);
      if (o.sandboxUrl) {
        if (profile.env !== 'sandbox') throw new UsageError('--sandbox-url goes with --env sandbox');
        try {
          new URL(o.sandboxUrl);
        } catch {
          throw new UsageError(`--sandbox-url is not a URL: "${o.sandboxUrl}"`);
        }
        profile.sandboxUrl = o.sandboxUrl.replace(/\/+$/, '');
      }
      if (o.particle) await particleLogin(profile, o);
      else await genesysLogin(profile, o);
    });
}
