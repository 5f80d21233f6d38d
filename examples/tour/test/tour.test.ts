import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '@skyport/sandbox';
import { describe, expect, it } from 'vitest';

const tour = fileURLToPath(new URL('../src/tour.mjs', import.meta.url));

describe('the Quick start tour', () => {
  it('runs to the end against an in-process sandbox and exits 0', () => {
    const run = spawnSync(process.execPath, [tour], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(run.stderr).not.toContain('Tour stopped');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Skyport Quick start tour');
    if (run.stdout.includes('is not built in this checkout')) return;
    expect(run.stdout).toMatch(/sandbox listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(run.stdout).toContain('Tour complete.');
    if (!run.stdout.includes('@skyport/genesys-cloud is not built yet')) {
      expect(run.stdout).toMatch(/client-credentials login as \S+ — token \w{8}…/);
      expect(run.stdout).toMatch(/getUsersMe: .+ <.+@.+> — presence Available/);
      expect(run.stdout).toMatch(
        /routing queues: first 2 page\(s\) of 5 through the paginator — 10 queues \(50 pages in all\)/,
      );
      expect(run.stdout).toMatch(/Queue 010 +[0-9a-f-]{36}/);
      const topic = /subscribed to (v2\.users\.[0-9a-f-]{36}\.presence)/.exec(run.stdout)?.[1];
      expect(topic).toBeDefined();
      expect(run.stdout).toContain('patchUserPresence: Available → Away');
      expect(run.stdout).toContain(`notification ${topic} — systemPresence Away`);
    }
    if (!run.stdout.includes('skipped: this sandbox build has no Particle side')) {
      expect(run.stdout).toMatch(/listDevices: \d+ devices/);
      expect(run.stdout).toMatch(/callFunction \S+\.led\("on"\) — return_value 1/);
      expect(run.stdout).toMatch(/received 3 live events/);
      expect(run.stdout).toMatch(/100% (\d+)\/\1 bytes/);
    }
  });
});

/** Runs the tour without blocking this process (the sandbox it talks to lives here). */
function runTour(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tour, ...args], { env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('the tour against a running sandbox (--sandbox-url)', () => {
  it('stops at the first failing step with a clear message and exit code 1', async () => {
    const sandbox = await startSandbox({ port: 0 });
    try {
      sandbox.faults.add({ kind: 'status', status: 503, route: 'GET /api/v2/routing/queues', count: 100 });
      const run = await runTour(['--sandbox-url', sandbox.url]);
      expect(run.status).toBe(1);
      expect(run.stdout).toContain(`using the sandbox at ${sandbox.url}`);
      expect(run.stdout).toMatch(/getUsersMe: .+ <.+@.+>/);
      expect(run.stdout).not.toContain('Tour complete.');
      expect(run.stdout).not.toContain('Particle Cloud');
      expect(run.stderr).toMatch(/^\n✖ Tour stopped: listing routing queues failed: .*\(HTTP 503\)/);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await sandbox.close();
    }
  });

  it('runs to the end on a sandbox it did not start, and rejects a bad URL', async () => {
    const sandbox = await startSandbox({ port: 0 });
    try {
      const run = await runTour([`--sandbox-url=${sandbox.url}/`]);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toContain('Tour complete.');
      expect(sandbox.requests().some((r) => r.url.startsWith('/api/v2/users/me'))).toBe(true);
    } finally {
      await sandbox.close();
    }
    const bad = await runTour(['--sandbox-url', 'ftp://example']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('--sandbox-url must be an http(s) URL (got "ftp://example")');
  });
});
