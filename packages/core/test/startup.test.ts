// Start-up cost of the BUILT Node entry (run `npm run build -w @skyport/core` first): importing the package and
// creating a client loads no HTTP stack, file-system promises, crypto or dependency package; the first request
// loads undici's Agent and request API only, not the whole of undici (fetch, WebSocket, caches, mocks).
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, startServer, type TestServer } from './helpers/server.js';

const run = promisify(execFile);
const dist = join(__dirname, '..', 'dist');

let srv: TestServer;
beforeAll(async () => {
  srv = await startServer((_req, res) => json(res, 200, { ok: true }));
});
afterAll(() => srv.close());

// Prints what the process has loaded: files in the CommonJS cache (ESM imports of CommonJS land there too) and
// Node's internal list of built-in modules.
const report = `

const loaded = () => ({
  files: Object.keys(require.cache).map((f) => f.replace(/\\\\/g, '/')),
  builtins: process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13)),
});`;

async function loadedAfter(code: string): Promise<Record<string, { files: string[]; builtins: string[] }>> {
  const { stdout } = await run(process.execPath, ['-e', `${report}\n${code}`], {
    env: { ...process.env, URL_UNDER_TEST: srv.url },
  });
  return JSON.parse(stdout);
}

const packageFiles = (files: string[], name: string) =>
  files.filter((f) => f.includes(`/node_modules/${name}/`));

for (const [format, load] of [
  ['CommonJS', `Promise.resolve(require(${JSON.stringify(join(dist, 'index.cjs'))}))`],
  ['ESM', `import(${JSON.stringify(join(dist, 'index.js'))})`],
] as const) {
  describe(`${format} build`, () => {
    it('import + new HttpClient loads no undici, node:http, node:fs/promises, node:crypto or dependency package', async () => {
      const r = await loadedAfter(`
        ${load}.then((core) => {
          new core.HttpClient({ baseUrl: 'https://api.mypurecloud.ie' });
          // Taken before process.stdout exists (its getter loads node:stream).
          const created = loaded();
          process.stdout.write(JSON.stringify({ created }));
        });`);
      const { files, builtins } = r.created!;
      for (const name of ['undici', 'ini', 'eventsource-parser'])
        expect(packageFiles(files, name)).toEqual([]);
      expect(builtins).not.toContain('http');
      expect(builtins).not.toContain('fs/promises');
      expect(builtins).not.toContain('crypto');
      // node:fs and node:os are required on first use (config files, file logging, TLS files): an ESM import of
      // node:fs would build its whole namespace and load node:stream with about twenty internal modules.
      expect(builtins).not.toContain('os');
      expect(builtins).not.toContain('stream');
      expect(builtins).not.toContain('internal/fs/streams');
    });

    it("runs the bundled ini package's module only when a config file is first parsed", async () => {
      // CommonJS: the config code (and ini) is in dist/config-files.cjs, loaded on the first config call.
      const file = join(dist, format === 'CommonJS' ? 'config-files.cjs' : 'index.js');
      const text = await readFile(file, 'utf8');
      // esbuild's wrapper of a bundled CommonJS package runs its module on the first require_ini() call: the
      // only one sits in the parse function (see iniOnFirstUse in tsup.config.ts), not at the top of the file.
      const calls = [...text.matchAll(/require_ini\(\)/g)];
      expect(calls).toHaveLength(1);
      expect(text).toMatch(
        /=\s*\(text, ?options\)\s*=>\s*\(ini\s*\?\?=\s*require_ini\(\)\)\.parse\(text, ?options\)/,
      );
    });

    it('config files, file logging and TLS files still load node:fs and node:os when used', async () => {
      const r = await loadedAfter(`
        ${load}.then((core) => {
          const before = loaded().builtins;
          const dir = require('node:fs').mkdtempSync(require('node:path').join(require('node:os').tmpdir(), 'skyport-startup-'));
          const file = require('node:path').join(dir, 'config');
          require('node:fs').writeFileSync(file, '[logging]\\nlog_level = trace\\n');
          const config = core.loadConfig(file, { env: {} });
          const home = core.defaultConfigPath({});
          const logFile = require('node:path').join(dir, 'log.txt');
          core.createLogger({ filePath: logFile, level: 'trace' }).debug('hello');
          let tlsError;
          try {
            core.createTransport({ tls: { certPath: require('node:path').join(dir, 'missing.pem') } });
          } catch (e) {
            tlsError = e.name + ': ' + e.message;
          }
          process.stdout.write(JSON.stringify({
            before,
            level: config.logging.level,
            home,
            homedir: require('node:os').homedir(),
            log: require('node:fs').readFileSync(logFile, 'utf8'),
            tlsError,
          }));
        });`);
      const out = r as unknown as Record<string, unknown>;
      expect(out.before).not.toContain('os');
      expect(out.level).toBe('trace');
      expect(out.home).toBe(join(out.homedir as string, '.skyport', 'config'));
      expect(out.log).toContain('hello');
      expect(out.tlsError).toMatch(/^ConfigError: cannot read TLS certificate file .*missing\.pem/);
    });

    it('the first request loads the Agent and request API of undici, not its index', async () => {
      const r = await loadedAfter(`
        ${load}.then(async (core) => {
          const client = new core.HttpClient({ baseUrl: process.env.URL_UNDER_TEST });
          const body = await client.request({ method: 'GET', path: '/x' });
          process.stdout.write(JSON.stringify({ body, after: loaded() }));
          await client.close();
        });`);
      expect((r as unknown as { body: unknown }).body).toEqual({ ok: true });
      const undici = packageFiles(r.after!.files, 'undici').map((f) =>
        f.replace(/.*\/node_modules\/undici\//, ''),
      );
      expect(undici).toContain('lib/dispatcher/agent.js');
      expect(undici).toContain('lib/api/api-request.js');
      expect(undici).not.toContain('index.js');
      expect(undici.filter((f) => f.startsWith('lib/web/'))).toEqual([]);
    });
  });
}

describe('PKCE on the built CommonJS entry', () => {
  it('node:crypto loads when a verifier is first made, and the challenge is the SHA-256 of the verifier', async () => {
    // node -e loads node:crypto up front when its source mentions the module's name, so the script builds it.
    const { stdout } = await run(process.execPath, [
      '-e',
      `${report}
      const name = ['cry', 'pto'].join('');
      const core = require(${JSON.stringify(join(dist, 'index.cjs'))});
      const before = loaded().builtins.includes(name);
      const verifier = core.generatePkceVerifier(43);
      core.computePkceChallenge(verifier).then((challenge) => {
        const expected = require('node:' + name).createHash('sha256').update(verifier).digest('base64url');
        process.stdout.write(JSON.stringify({ before, verifier, ok: challenge === expected, state: core.randomState() }));
      });`,
    ]);
    const r = JSON.parse(stdout);
    expect(r.before).toBe(false);
    expect(r.verifier).toMatch(/^[A-Za-z0-9\-._~]{43}$/);
    expect(r.ok).toBe(true);
    expect(r.state).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});

describe('config files in the CommonJS build (dist/config-files.cjs, loaded on first use)', () => {
  const entry = join(dist, 'index.cjs');

  it('index.cjs holds no config or ini code, and requires the file by one literal require()', async () => {
    const text = await readFile(entry, 'utf8');
    expect(text).not.toMatch(/require_ini|malformed section header/);
    expect([...text.matchAll(/\brequire\s*\("\.\/config-files\.cjs"\)/g)]).toHaveLength(1);
    expect(text).not.toContain('__require("./config-files.cjs")');
  });

  it('require + new HttpClient does not load it; the first config call does, sharing ConfigError', async () => {
    const { stdout } = await run(process.execPath, [
      '-e',
      `const core = require(${JSON.stringify(entry)});
       new core.HttpClient({ baseUrl: 'https://api.mypurecloud.ie' });
       const ours = () => Object.keys(require.cache).filter((f) => f.includes(${JSON.stringify(dist)})).map((f) => require('node:path').basename(f));
       const atStart = ours();
       const fs = require('node:fs'), os = require('node:os'), path = require('node:path');
       const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skyport-config-'));
       const file = path.join(dir, 'config');
       fs.writeFileSync(file, '[logging]\\nlog_level = trace\\n[general]\\nhost = api.mypurecloud.ie\\n');
       const config = core.loadConfig(file, { env: { SKYPORT_LOGGING_LOG_LEVEL: 'error' } });
       let bad;
       try { core.parseConfigText('[a]\\nnot a pair', 'x.ini'); } catch (e) { bad = e; }
       let missing;
       try { core.loadConfig(path.join(dir, 'missing')); } catch (e) { missing = e; }
       process.stdout.write(JSON.stringify({
         atStart,
         after: ours(),
         level: config.logging.level,
         env: core.applyEnv({ logging: {}, reauthentication: {}, general: {}, warnings: [] }, { SKYPORT_LOGGING_LOG_LEVEL: 'debug' }).logging.level,
         badIsConfigError: bad instanceof core.ConfigError,
         badMessage: bad.message,
         missingIsConfigError: missing instanceof core.ConfigError,
         home: core.defaultConfigPath({ HOME: '/home/ada' }),
       }));`,
    ]);
    const r = JSON.parse(stdout);
    expect(r.atStart).toEqual(['index.cjs']);
    expect(r.after.sort()).toEqual(['config-files.cjs', 'index.cjs']);
    expect(r.level).toBe('error');
    expect(r.env).toBe('debug');
    expect(r.badIsConfigError).toBe(true);
    expect(r.badMessage).toMatch(/key = value/);
    expect(r.missingIsConfigError).toBe(true);
    expect(r.home).toBe(join('/home/ada', '.skyport', 'config'));
  });

  it('a Node bundle of the CommonJS build (esbuild) carries the config code and needs no dist folder', async () => {
    const { build } = await import('esbuild');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'skyport-bundle-'));
    const out = join(dir, 'app.cjs');
    await build({
      stdin: {
        contents: `const core = require(${JSON.stringify(entry)});
          const file = require('node:path').join(__dirname, 'config');
          require('node:fs').writeFileSync(file, '[logging]\\nlog_level = none\\n');
          process.stdout.write(core.loadConfig(file, { env: {} }).logging.level);`,
        resolveDir: dir,
        loader: 'js',
      },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: out,
      external: ['undici', 'undici/*'],
      logLevel: 'silent',
    });
    const bundled = await readFile(out, 'utf8');
    expect(bundled).not.toMatch(/require\s*\("\.\/config-files\.cjs"\)/);
    writeFileSync(join(dir, 'package.json'), '{}');
    const { stdout } = await run(process.execPath, [out], { cwd: dir });
    expect(stdout).toBe('none');
  });
});
