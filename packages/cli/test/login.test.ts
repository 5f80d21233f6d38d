import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Sandbox, startSandbox } from '@skyport/sandbox';
import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bin, skyport, tempConfigDir } from './helpers.js';

/** Starts `skyport login` (PKCE, no browser) and resolves with the authorize URL it prints. */
function startPkceLogin(configDir: string, sandbox: Sandbox, clientId: string[] = []) {
  const child = spawn(
    process.execPath,
    [
      bin,
      'login',
      '--env',
      'sandbox',
      '--sandbox-url',
      sandbox.url,
      ...clientId,
      '--no-browser',
      '--timeout',
      '20',
    ],
    { env: { PATH: process.env.PATH ?? '', SKYPORT_CONFIG_DIR: configDir, NO_COLOR: '1' } },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const url = (async () => {
    for (;;) {
      const m = /^(http\S+\/oauth\/authorize\?\S+)$/m.exec(stderr);
      if (m) return new URL(m[1] as string);
      if (child.exitCode !== null) throw new Error(`login exited early: ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return { url, exited, output: () => ({ stdout, stderr }) };
}

describe('skyport login with PKCE against the sandbox authorize page', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('completes the round trip through the localhost callback and saves the token for gc', async () => {
    const configDir = tempConfigDir();
    const login = startPkceLogin(configDir, sandbox, ['--client-id', sandbox.genesys.pkceClientId]);
    const authorize = await login.url;
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('client_id')).toBe(sandbox.genesys.pkceClientId);
    const redirect = new URL(authorize.searchParams.get('redirect_uri') as string);
    expect(redirect.hostname).toBe('127.0.0.1');

    // the user signs in (the sandbox's non-interactive sign-in), the browser follows the redirect to the CLI
    const user = sandbox.genesys.users[1] as { name: string; username: string; password: string };
    authorize.searchParams.set('login_hint', user.username);
    authorize.searchParams.set('password', user.password);
    const signIn = await fetch(authorize, { redirect: 'manual' });
    expect(signIn.status).toBe(302);
    const callback = await fetch(signIn.headers.get('location') as string);
    expect(callback.status).toBe(200);
    expect(await callback.text()).toContain('Skyport login complete');

    expect(await login.exited).toBe(0);
    expect(login.output().stdout).toContain(`as ${user.name}; saved to profile "default"`);
    const creds = readFileSync(join(configDir, 'credentials'), 'utf8');
    expect(creds).toMatch(/genesys_access_token = \S+/);
    expect(readFileSync(join(configDir, 'config'), 'utf8')).toContain(
      `client_id = ${sandbox.genesys.pkceClientId}`,
    );

    // gc now runs as that user with the saved token (no client secret anywhere)
    const me = await skyport(['gc', 'getUsersMe', '--output', 'json'], { configDir });
    expect(me.stderr).toBe('');
    expect(JSON.parse(me.stdout)).toMatchObject({ name: user.name });
  });

  it('rejects a callback with a tampered state (exit 2) and keeps no token', async () => {
    const configDir = tempConfigDir();
    const login = startPkceLogin(configDir, sandbox);
    const authorize = await login.url;
    // no --client-id: a sandbox login uses the sandbox's seeded PKCE client
    expect(authorize.searchParams.get('client_id')).toBe('sandbox-pkce-client');
    const redirect = new URL(authorize.searchParams.get('redirect_uri') as string);
    redirect.searchParams.set('code', 'forged');
    redirect.searchParams.set('state', 'not-the-state');
    const callback = await fetch(redirect);
    expect(callback.status).toBe(400);
    expect(await login.exited).toBe(2);
    expect(login.output().stderr).toContain('wrong state');
    expect(() => readFileSync(join(configDir, 'credentials'), 'utf8')).toThrow();
  });

  it('reports a refused login from the authorize page (exit 2)', async () => {
    const configDir = tempConfigDir();
    const login = startPkceLogin(configDir, sandbox);
    const authorize = await login.url;
    const redirect = new URL(authorize.searchParams.get('redirect_uri') as string);
    redirect.searchParams.set('error', 'access_denied');
    redirect.searchParams.set('error_description', 'the user said no');
    redirect.searchParams.set('state', authorize.searchParams.get('state') as string);
    await fetch(redirect);
    expect(await login.exited).toBe(2);
    expect(login.output().stderr).toContain('the login was refused: access_denied the user said no');
  });
});

describe('skyport login --client-credentials on a sandbox without an id or secret', () => {
  it('uses the seeded client, saves the token, and gc runs with it', async () => {
    const sandbox = await startSandbox({ port: 0 });
    try {
      const configDir = tempConfigDir();
      const r = await skyport(
        ['login', '--env', 'sandbox', '--sandbox-url', sandbox.url, '--client-credentials'],
        { configDir },
      );
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('with client sandbox-client-credentials');
      const me = await skyport(['gc', 'getUsersMe', '--output', 'json'], { configDir });
      expect(me.code).toBe(0);
      expect(JSON.parse(me.stdout)).toMatchObject({ email: 'user0@sandbox.example' });
    } finally {
      await sandbox.close();
    }
  });
});

describe('skyport login --particle with MFA against the sandbox', () => {
  let sandbox: Sandbox;
  let totp: OTPAuth.TOTP;
  let particle: { username: string; password: string; apiUrl: string };

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    particle = sandbox.particle as typeof particle;
    const login = await fetch(`${particle.apiUrl}/oauth/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from('particle-api:particle-api').toString('base64')}` },
      body: new URLSearchParams({
        grant_type: 'password',
        username: particle.username,
        password: particle.password,
      }),
    });
    const auth = {
      authorization: `Bearer ${((await login.json()) as { access_token: string }).access_token}`,
    };
    const enrol = (await (
      await fetch(`${particle.apiUrl}/v1/user/mfa-enable`, { headers: auth })
    ).json()) as {
      mfa_token: string;
      secret: string;
    };
    totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(enrol.secret) });
    const confirm = await fetch(`${particle.apiUrl}/v1/user/mfa-enable`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ mfa_token: enrol.mfa_token, otp: totp.generate() }),
    });
    expect(confirm.status).toBe(200);
  });
  afterAll(async () => {
    await sandbox.close();
  });

  const login = (configDir: string, extra: string[]) =>
    skyport(
      [
        'login',
        '--env',
        'sandbox',
        '--sandbox-url',
        sandbox.url,
        '--particle',
        '--username',
        particle.username,
        ...extra,
      ],
      { configDir, env: { PARTICLE_PASSWORD: particle.password } },
    );

  it('completes the one-time password step with --otp and saves the token', async () => {
    const configDir = tempConfigDir();
    const r = await login(configDir, ['--otp', totp.generate()]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Logged in to Particle as ${particle.username}`);
    expect(readFileSync(join(configDir, 'credentials'), 'utf8')).toMatch(/particle_access_token = \S+/);
    const devices = await skyport(['particle', 'list', '--output', 'json'], { configDir });
    expect(devices.code).toBe(0);
    expect((JSON.parse(devices.stdout) as { name: string }[]).map((d) => d.name)).toContain('kettle');
  });

  it('asks for the one-time password (exit 2 without a terminal) and rejects a wrong one (exit 3)', async () => {
    const configDir = tempConfigDir();
    const none = await login(configDir, []);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(
      'One-time password from your authenticator app is needed: pass --otp <code>',
    );
    const wrong = String((Number(totp.generate()) + 500_000) % 1_000_000).padStart(6, '0');
    const bad = await login(configDir, ['--otp', wrong]);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/status: +(400|401|403)/);
  });
});
