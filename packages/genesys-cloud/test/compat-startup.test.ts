// Start-up of the BUILT compat entry (run `npm run build -w @skyport/genesys-cloud` first). The CommonJS build
// loads a class's table (dist/compat-tables/<Class>.json) when the class is first used, not at require; the ESM
// build inlines them. Both answer the same requests, and a bundle of the CommonJS build carries the tables.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureServer, json } from './helpers';

const run = promisify(execFile);
const dist = join(__dirname, '..', 'dist');

let srv: Awaited<ReturnType<typeof captureServer>>;
beforeAll(async () => {
  srv = await captureServer((req, res) => json(res, 200, { id: req.path.split('/').pop(), name: 'Ada' }));
});
afterAll(() => srv.close());

// Points ApiClient.instance at the capture server, calls getUser with UsersApi and prints what was loaded.
const script = (load: string) => `
const tablesLoaded = () => Object.keys(require.cache)
  .filter((f) => f.replace(/\\\\/g, '/').includes('/dist/compat-tables/'))
  .map((f) => f.replace(/\\\\/g, '/').split('/').pop())
  .sort();
${load}.then(async (p) => {
  const atImport = tablesLoaded();
  const url = new URL(process.env.URL_UNDER_TEST);
  p.ApiClient.instance.setGateway({ host: url.hostname, protocol: 'http', port: Number(url.port), path_params_login: 'login', path_params_api: '' });
  p.ApiClient.instance.setAccessToken('t');
  const users = new p.UsersApi();
  const afterNew = tablesLoaded();
  const user = await users.getUser('u1', { expand: ['presence'] });
  new p.RoutingApi();
  process.stdout.write(JSON.stringify({ atImport, afterNew, afterRouting: tablesLoaded(), user, arity: users.getUser.length }));
});`;

/** Runs `code` with node -e, or the file `code` when `file` is set. */
async function runScript(code: string, file = false) {
  const { stdout } = await run(process.execPath, file ? [code] : ['-e', code], {
    env: { ...process.env, URL_UNDER_TEST: srv.url },
  });
  return JSON.parse(stdout);
}

describe('compat entry, built', () => {
  it('CommonJS: no class table loads at require; a class loads its own on first use', async () => {
    const r = await runScript(
      script(`Promise.resolve(require(${JSON.stringify(join(dist, 'compat.cjs'))}))`),
    );
    expect(r.atImport).toEqual([]);
    expect(r.afterNew).toEqual(['UsersApi.json', 'index.cjs']);
    expect(r.afterRouting).toEqual(['RoutingApi.json', 'UsersApi.json', 'index.cjs']);
    expect(r.user).toEqual({ id: 'u1', name: 'Ada' });
    expect(r.arity).toBe(2);
    const last = srv.seen.at(-1);
    expect(last?.path).toBe('/api/v2/users/u1');
    expect(last?.query.get('expand')).toBe('presence');
    expect(last?.headers.authorization).toBe('Bearer t');
  });

  it('CommonJS: one file that requires @skyport/core, the registry chunk, the tables index once and Node built-ins', () => {
    const text = readFileSync(join(dist, 'compat.cjs'), 'utf8');
    const calls = [...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1] as string);
    const registry = /require\('\.\.\/(chunk-[\w-]+\.cjs)'\)/.exec(
      readFileSync(join(dist, 'runtime', 'descriptor.cjs'), 'utf8'),
    )?.[1];
    const ours = [...new Set(calls.filter((c) => !c.startsWith('node:')))].sort();
    expect(ours).toEqual(['./' + registry, './compat-tables/index.cjs', '@skyport/core'].sort());
    expect(calls.filter((c) => c === './compat-tables/index.cjs')).toHaveLength(1);
    // One require of @skyport/core in the file (with core already loaded, each one resolved the package again).
    expect(calls.filter((c) => c === '@skyport/core')).toHaveLength(1);
  });

  it('ESM: the same calls work with the inlined tables', async () => {
    const r = await runScript(
      script(`import(${JSON.stringify(join(dist, 'compat.js'))}).then((m) => m.default)`),
    );
    expect(r.atImport).toEqual([]);
    expect(r.afterRouting).toEqual([]);
    expect(r.user).toEqual({ id: 'u1', name: 'Ada' });
    expect(srv.seen.at(-1)?.path).toBe('/api/v2/users/u1');
  });

  it('a Node bundle of the CommonJS build (esbuild) carries the tables and needs no dist folder', async () => {
    // Inside the package's node_modules, so that undici (which core loads by computed paths on the first
    // request, and a bundler leaves to run time) resolves from the bundle.
    await mkdir(join(__dirname, '..', 'node_modules'), { recursive: true });
    const dir = await mkdtemp(join(__dirname, '..', 'node_modules', '.compat-bundle-'));
    try {
      const entry = join(dir, 'app.cjs');
      await writeFile(entry, script(`Promise.resolve(require(${JSON.stringify(join(dist, 'compat.cjs'))}))`));
      const out = join(dir, 'bundle.cjs');
      const result = await build({
        entryPoints: [entry],
        bundle: true,
        platform: 'node',
        format: 'cjs',
        outfile: out,
        metafile: true,
        logLevel: 'silent',
      });
      const inputs = Object.keys(result.metafile.inputs).filter((i) => i.includes('compat-tables/'));
      expect(inputs.length).toBe(88); // 87 tables and their index
      const r = await runScript(out, true);
      expect(r.atImport).toEqual([]);
      expect(r.user).toEqual({ id: 'u1', name: 'Ada' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
