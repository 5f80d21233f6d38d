// `npm run dev`: one process starts the sandbox and the Vite dev server, points the page at the sandbox, and stops
// both on Ctrl-C.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { root } from './harness';

let child: ChildProcess | undefined;

afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  child = undefined;
});

function run(args: string[]) {
  const proc = spawn(process.execPath, [join(root, 'scripts/dev.mjs'), ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = proc;
  let out = '';
  let err = '';
  proc.stdout?.on('data', (b) => {
    out += b;
  });
  proc.stderr?.on('data', (b) => {
    err += b;
  });
  return {
    proc,
    output: () => out,
    errors: () => err,
    async waitFor(pattern: RegExp, ms = 30_000): Promise<RegExpMatchArray> {
      const deadline = Date.now() + ms;
      for (;;) {
        const m = out.match(pattern);
        if (m) return m;
        if (proc.exitCode !== null) throw new Error(`dev script exited ${proc.exitCode}: ${err || out}`);
        if (Date.now() > deadline) throw new Error(`no ${pattern} within ${ms} ms; output: ${out} ${err}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}

describe('npm run dev (scripts/dev.mjs)', () => {
  it('serves the page pointed at the sandbox it started, and stops both on SIGINT', async () => {
    const dev = run(['--port', '0', '--vite-port', '0', '--publish-every', '0']);
    const [, sandboxUrl] = await dev.waitFor(/sandbox\s+(http:\/\/127\.0\.0\.1:\d+)/);
    const [, pageUrl] = await dev.waitFor(/page\s+(http:\/\/\S+)/);
    expect(dev.output()).toContain('user0@sandbox.example / sandbox-password-0');
    expect(dev.output()).toContain('dev@example.com / sandbox-password');

    const html = await fetch(pageUrl!);
    expect(html.status).toBe(200);
    expect(await html.text()).toContain('<title>Skyport in the browser</title>');
    // The page's config module carries the sandbox's URL.
    const config = await (await fetch(new URL('/src/config.ts', pageUrl))).text();
    expect(config).toContain(`"VITE_SANDBOX_URL": "${sandboxUrl}"`);
    // The sandbox is up and answers browser origins (CORS preflight for the page's origin).
    const preflight = await fetch(`${sandboxUrl}/api/v2/users/me`, {
      method: 'OPTIONS',
      headers: {
        origin: new URL(pageUrl!).origin,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(new URL(pageUrl!).origin);

    dev.proc.kill('SIGINT');
    const [code] = await once(dev.proc, 'exit');
    expect(code).toBe(0);
    await expect(fetch(pageUrl!)).rejects.toThrow();
    await expect(fetch(`${sandboxUrl}/api/v2/users/me`)).rejects.toThrow();
  });

  it('refuses a bad port with a usage message', async () => {
    const dev = run(['--port', 'lots']);
    const [code] = await once(dev.proc, 'exit');
    expect(code).toBe(2);
    expect(dev.errors()).toContain('--port must be a port number from 0 to 65535 (got "lots")');
  });
});
