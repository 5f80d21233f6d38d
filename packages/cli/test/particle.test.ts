import { spawn } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { type Sandbox, startSandbox } from '@skyport/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bin, skyport, tempConfigDir } from './helpers.js';

describe('skyport particle against an in-process sandbox (no profile)', () => {
  const configDir = tempConfigDir();

  it('lists devices as json', async () => {
    const r = await skyport(['particle', 'list', '--output', 'json'], { configDir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const devices = JSON.parse(r.stdout) as { name: string }[];
    expect(devices.map((d) => d.name)).toEqual(expect.arrayContaining(['kettle', 'garage']));
  });

  it('renders a table and yaml', async () => {
    const table = await skyport(['particle', 'list'], { configDir });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/│ kettle\s+│ true\s+│/);
    const yaml = await skyport(['particle', 'get-var', 'kettle', 'temp', '--output', 'yaml'], { configDir });
    expect(yaml.code).toBe(0);
    expect(yaml.stdout).toMatch(/^result: 21\.5$/m);
  });

  it('calls a function by device name', async () => {
    const r = await skyport(['particle', 'call', 'kettle', 'led', 'on', '--output', 'json'], { configDir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ name: 'kettle', return_value: 1 });
  });

  it('flashes with a progress bar that reaches 100%', async () => {
    const file = join(configDir, 'app.ino');
    writeFileSync(file, `void setup() {}\nvoid loop() {}\n${'// x\n'.repeat(2000)}`);
    const r = await skyport(['particle', 'flash', 'kettle', file, '--output', 'json'], { configDir });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/flashing \[.*\] 100% \| (\d+)\/\1 bytes/);
    expect(JSON.parse(r.stdout)).toMatchObject({ id: expect.any(String) });
  });

  it('refuses to log in to a sandbox that lives for one command (exit 2)', async () => {
    const r = await skyport(['login', '--particle', '--username', 'u'], {
      configDir,
      env: { PARTICLE_PASSWORD: 'p' },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('skyport sandbox');
  });

  it('exits 3 with the API message, status and correlation id (no stack) on an API error', async () => {
    const r = await skyport(['particle', 'get-var', 'no-such-device', 'temp'], { configDir });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^error: .+/);
    expect(r.stderr).toMatch(/status: +404/);
    expect(r.stderr).toMatch(/correlation id: +[0-9a-f-]{36}/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const debug = await skyport(['particle', 'get-var', 'no-such-device', 'temp', '--debug'], { configDir });
    expect(debug.code).toBe(3);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });

  it('exits 2 on usage errors', async () => {
    const unknown = await skyport(['particle', 'frobnicate'], { configDir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
    const output = await skyport(['particle', 'list', '--output', 'xml'], { configDir });
    expect(output.code).toBe(2);
    expect(output.stderr).toContain('xml');
    const count = await skyport(['particle', 'subscribe', '--count', 'many'], { configDir });
    expect(count.code).toBe(2);
    expect(count.stderr).toContain('--count must be a positive integer');
    const profile = await skyport(['--profile', 'nope', 'particle', 'list'], { configDir });
    expect(profile.code).toBe(2);
    expect(profile.stderr).toContain('no profile named "nope"');
  });
});

describe('skyport with a profile on a running sandbox', () => {
  let sandbox: Sandbox;
  const configDir = tempConfigDir();

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('logs in with client credentials and Particle, keeping secrets in a 0600 file', async () => {
    const gc = await skyport(
      [
        'login',
        '--env',
        'sandbox',
        '--sandbox-url',
        sandbox.url,
        '--client-credentials',
        '--client-id',
        sandbox.genesys.clientId,
      ],
      { configDir, env: { SKYPORT_CLIENT_SECRET: sandbox.genesys.clientSecret } },
    );
    expect(gc.stderr).toBe('');
    expect(gc.code).toBe(0);
    expect(gc.stdout).toContain('saved to profile "default"');
    const particle = sandbox.particle as { username: string; password: string };
    const pl = await skyport(['login', '--particle', '--username', particle.username], {
      configDir,
      env: { PARTICLE_PASSWORD: particle.password },
    });
    expect(pl.code).toBe(0);
    expect(statSync(join(configDir, 'credentials')).mode & 0o777).toBe(0o600);
    const config = readFileSync(join(configDir, 'config'), 'utf8');
    expect(config).toContain('[profile default]');
    expect(config).toContain(`sandbox_url = ${sandbox.url}`);
    const creds = readFileSync(join(configDir, 'credentials'), 'utf8');
    expect(creds).toMatch(/genesys_access_token = \S+/);
    expect(creds).toMatch(/particle_access_token = \S+/);
    // the secret came from the environment, so it is not written down
    expect(creds).not.toContain(sandbox.genesys.clientSecret);
  });

  it('rejects a wrong Particle password with exit 3', async () => {
    const r = await skyport(['login', '--particle', '--username', 'someone@example.com'], {
      configDir,
      env: { PARTICLE_PASSWORD: 'wrong' },
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/status: +(400|401|403)/);
  });

  it('subscribe streams events published by another command', async () => {
    const child = spawn(process.execPath, [bin, 'particle', 'subscribe', 'cli-test', '--count', '2'], {
      env: { PATH: process.env.PATH ?? '', SKYPORT_CONFIG_DIR: configDir },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    while (!stderr.includes('subscribed')) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));
    for (const data of ['one', 'two']) {
      const p = await skyport(['particle', 'publish', 'cli-test', data], { configDir });
      expect(p.code).toBe(0);
    }
    expect(await exited).toBe(0);
    const events = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { name: string; data: string });
    expect(events.map((e) => [e.name, e.data])).toEqual([
      ['cli-test', 'one'],
      ['cli-test', 'two'],
    ]);
  });

  it('exits 4 when the API cannot be reached', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const dead = tempConfigDir();
    writeFileSync(
      join(dead, 'config'),
      `[profile default]\nenv = sandbox\nsandbox_url = http://127.0.0.1:${port}\n`,
    );
    const net = await skyport(['particle', 'list'], { configDir: dead, env: { PARTICLE_ACCESS_TOKEN: 'x' } });
    expect(net.code).toBe(4);
    expect(net.stderr).toMatch(/^error: /);
  });
});
