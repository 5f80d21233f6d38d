// Smoke test of the benchmark harness: `npm run bench -- --quick` end to end, into a temporary folder. It checks
// that every section was measured and the results file is well formed; it never asserts on a timing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const benchDir = fileURLToPath(new URL('..', import.meta.url));

interface Row {
  available: boolean;
  reason?: string;
  client?: string;
  subject?: string;
  [key: string]: unknown;
}

interface Results {
  quick: boolean;
  machine: {
    cores: number;
    cpuModel: string;
    memoryGiB: number;
    node: string;
    platform: string;
    date: string;
  };
  builds: Record<string, boolean>;
  perRequest: { count: number; warmup: number; results: (Row & { concurrency: number })[] };
  coldStart: { runs: number; results: Row[]; firstRequest: Row[] };
  bundleSize: { results: Row[] };
  eventStreams: { count: number; results: Row[] };
  rateLimit: { total: number; concurrency: number; limitPerMinute: number; results: Row[] };
  sandboxThroughput: Row & { path: string };
  typecheck: { runs: number; results: (Row & { skipLibCheck: boolean })[] };
}

/** The Skyport package a row measures, or undefined for the floor and the official SDKs. */
function skyportPackage(name: string): string | undefined {
  if (name.startsWith('@skyport/genesys-cloud') || name.startsWith('Genesys'))
    return '@skyport/genesys-cloud';
  if (name.startsWith('@skyport/particle') || name.startsWith('Particle')) return '@skyport/particle';
  if (name.startsWith('@skyport/core')) return '@skyport/core';
  return undefined;
}

const positive = (value: unknown) => typeof value === 'number' && Number.isFinite(value) && value > 0;

let outDir: string;
let run: ReturnType<typeof spawnSync>;
let results: Results;
let markdown: string;

beforeAll(() => {
  outDir = mkdtempSync(join(tmpdir(), 'skyport-bench-'));
  run = spawnSync(process.execPath, ['src/run.mjs', '--quick', '--out', outDir], {
    cwd: benchDir,
    encoding: 'utf8',
    timeout: 280_000,
  });
  if (run.status === 0) {
    results = JSON.parse(readFileSync(join(outDir, 'latest.json'), 'utf8'));
    markdown = readFileSync(join(outDir, 'latest.md'), 'utf8');
  }
}, 300_000);

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

/** A row may be "not available" only when it measures a Skyport package whose build is missing. */
function expectAvailableUnlessUnbuilt(name: string, row: Row, server?: string) {
  if (row.available) return true;
  if (server && results.builds[server] === false) return false;
  const pkg = skyportPackage(name);
  expect(pkg, `${name} is not a Skyport package but is not available: ${row.reason}`).toBeDefined();
  const missing = results.builds[pkg as string] === false || results.builds['@skyport/core'] === false;
  expect(missing, `${name} not available although ${pkg} is built: ${row.reason}`).toBe(true);
  expect(typeof row.reason).toBe('string');
  return false;
}

describe('npm run bench -- --quick', () => {
  it('exits 0 and writes latest.json and latest.md', () => {
    expect(run.error).toBeUndefined();
    expect(run.status, String(run.stderr)).toBe(0);
    expect(results.quick).toBe(true);
  });

  it('describes the machine', () => {
    const m = results.machine;
    expect(m.cores).toBeGreaterThan(0);
    expect(m.cpuModel.length).toBeGreaterThan(0);
    expect(m.node).toBe(process.version);
    expect(Number.isNaN(Date.parse(m.date))).toBe(false);
    expect(Object.keys(results.builds).sort()).toEqual([
      '@skyport/core',
      '@skyport/genesys-cloud',
      '@skyport/particle',
      '@skyport/sandbox',
    ]);
  });

  it('per-request cost: every client at concurrency 1 and 32', () => {
    const clients = [
      'undici.request',
      'fetch',
      'node:http',
      'purecloud-platform-client-v2',
      'particle-api-js',
      '@skyport/core',
      '@skyport/genesys-cloud',
      '@skyport/genesys-cloud compat',
      '@skyport/particle',
    ];
    for (const concurrency of [1, 32]) {
      const group = results.perRequest.results.filter((r) => r.concurrency === concurrency);
      expect(group.map((r) => r.client)).toEqual(clients);
      for (const r of group) {
        if (!expectAvailableUnlessUnbuilt(r.client as string, r)) continue;
        expect(r.requests).toBe(results.perRequest.count);
        expect(positive(r.cpuUsPerRequest) && positive(r.requestsPerSecond), JSON.stringify(r)).toBe(true);
      }
    }
  });

  it('cold start: bare node, the official packages and each Skyport entry', () => {
    const rows = results.coldStart.results;
    expect(rows.map((r) => r.subject)).toEqual([
      'bare node',
      'bare node (ESM import of an empty module)',
      'purecloud-platform-client-v2',
      'particle-api-js',
      '@skyport/core',
      '@skyport/genesys-cloud (modern)',
      '@skyport/genesys-cloud (modern, ESM import)',
      '@skyport/genesys-cloud/compat',
      '@skyport/particle',
    ]);
    for (const r of rows) {
      if (!expectAvailableUnlessUnbuilt(r.subject as string, r)) continue;
      expect(positive(r.wallMs) && positive(r.peakRssMiB), JSON.stringify(r)).toBe(true);
      expect(typeof r.addedMs).toBe('number');
      // The paired estimate: the median of per-round differences, zero for the baseline itself.
      expect(typeof r.addedPairedMs).toBe('number');
      if (r.subject === 'bare node') expect(r.addedPairedMs).toBe(0);
      // Subjects loaded with import() are also compared with the ESM baseline, and only those.
      const esm = r.subject === '@skyport/genesys-cloud (modern, ESM import)';
      expect(typeof r.addedVsEsmMs).toBe(esm ? 'number' : 'undefined');
      expect(typeof r.addedVsEsmPairedMs).toBe(esm ? 'number' : 'undefined');
    }
  });

  it('cold start to the first answer: the same subjects with one request', () => {
    const rows = results.coldStart.firstRequest;
    expect(rows.map((r) => r.subject)).toEqual([
      'bare node (node:http)',
      'purecloud-platform-client-v2',
      'particle-api-js',
      '@skyport/core',
      '@skyport/genesys-cloud (modern)',
      '@skyport/genesys-cloud/compat',
      '@skyport/particle',
    ]);
    for (const r of rows) {
      if (!expectAvailableUnlessUnbuilt(r.subject as string, r)) continue;
      expect(positive(r.wallMs) && positive(r.peakRssMiB), JSON.stringify(r)).toBe(true);
    }
  });

  it('bundle sizes: the Skyport apps and the official builds', () => {
    const rows = results.bundleSize.results;
    expect(rows.map((r) => r.subject)).toEqual([
      'Genesys: PKCE login + getUsersMe',
      'Genesys (modular): PKCE login + getUsersMe',
      'Genesys: + ten operations from ten APIs',
      'Genesys compat: PKCE login + getUsersMe (ApiClient + UsersApi)',
      'Particle: login + listDevices + getEventStream',
      'Particle (modular): login + listDevices + getEventStream',
      'purecloud-platform-client-v2 (shipped browser build)',
      'particle-api-js (shipped browser build)',
    ]);
    for (const r of rows) {
      if (!expectAvailableUnlessUnbuilt(r.subject as string, r)) continue;
      expect(positive(r.minified) && positive(r.gzip), JSON.stringify(r)).toBe(true);
      expect(r.gzip as number).toBeLessThan(r.minified as number);
    }
  });

  it('event streams: both clients, every event accounted for', () => {
    const { count, results: rows } = results.eventStreams;
    expect(rows.map((r) => r.client)).toEqual(['particle-api-js', '@skyport/particle']);
    for (const r of rows) {
      if (!expectAvailableUnlessUnbuilt(r.client as string, r)) continue;
      expect(r.sent).toBe(count);
      expect((r.delivered as number) + (r.lost as number)).toBe(count);
      expect(positive(r.peakHeapMiB) && positive(r.peakRssMiB), JSON.stringify(r)).toBe(true);
    }
  });

  it('rate limit: Skyport and the official SDK against the same sandbox', () => {
    const { total, results: rows } = results.rateLimit;
    expect(rows.map((r) => r.client)).toEqual([
      '@skyport/genesys-cloud',
      '@skyport/genesys-cloud compat',
      'purecloud-platform-client-v2',
    ]);
    for (const r of rows) {
      if (!expectAvailableUnlessUnbuilt(r.client as string, r, '@skyport/sandbox')) continue;
      expect((r.ok as number) + (r.failed as number)).toBe(total);
      const failures = Object.values(r.failures as Record<string, number>).reduce((a, b) => a + b, 0);
      expect(failures).toBe(r.failed);
      expect(positive(r.seconds)).toBe(true);
    }
  });

  it('sandbox throughput: autocannon got answers', () => {
    const r = results.sandboxThroughput;
    expect(r.path).toBe('/api/v2/users/me');
    if (!r.available) {
      expect(results.builds['@skyport/sandbox']).toBe(false);
      return;
    }
    expect(positive(r.requests) && positive(r.requestsPerSecond), JSON.stringify(r)).toBe(true);
  });

  it('typecheck: both projects type-check without errors, skipLibCheck off', () => {
    const rows = results.typecheck.results;
    expect(rows.map((r) => [r.subject, r.skipLibCheck])).toEqual([
      ['@skyport/genesys-cloud (client, every API module, facade, compat)', false],
      ['purecloud-platform-client-v2', false],
    ]);
    for (const r of rows) {
      if (!expectAvailableUnlessUnbuilt(r.subject as string, r, '@skyport/genesys-cloud')) continue;
      expect(positive(r.wallMs) && positive(r.files), JSON.stringify(r)).toBe(true);
    }
  });

  it('latest.md has a table for every section', () => {
    for (const title of [
      'Targets (issues 4 and 7) against this run',
      'Per-request cost',
      'Cold start',
      'Cold start to the first answer',
      'Browser bundle size',
      'Event streams',
      'Under a rate limit',
      'Sandbox throughput',
      'Type-checking the whole surface',
    ]) {
      expect(markdown).toContain(`## ${title}`);
    }
    expect(markdown).toContain(results.machine.date);
  });
});
