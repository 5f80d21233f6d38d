// The BUILT Node entries (run `npm run build -w @skyport/genesys-cloud` first): dist/index.js (ESM) is one module
// that imports @skyport/core, the chunk holding the shared default-invoker registry and a small chunk it shares with
// the notifications module (loaded on first subscribe), instead of five or six chunks; dist/index.cjs is one file
// that requires @skyport/core and the registry chunk (each once) and, on first subscribe, dist/index-notifications.cjs
// and ws. Both work end to end and share the registry with the other entries.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { startSandbox } from '@skyport/sandbox';
import { resolutionCounter } from '@skyport/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureServer, json, until } from './helpers';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const dist = join(__dirname, '..', 'dist');

/**
 * Every file the module imports statically, transitively (relative specifiers only; import() is not followed).
 * Statements start a line or follow a `;` (the Node entry is whitespace-minified: several on one line).
 */
function staticGraph(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(
      /(?:^|;)\s*(?:import|export)\s*(?:[^;"'(]*?\bfrom\s*)?["'](\.[^"']+)["']/gm,
    )) {
      visit(join(dirname(file), m[1] as string));
    }
  };
  visit(entry);
  return [...seen].map((f) => relative(dist, f)).sort();
}

let srv: Awaited<ReturnType<typeof captureServer>>;
beforeAll(async () => {
  srv = await captureServer((req, res) => json(res, 200, { id: 'me', path: req.path }));
});
afterAll(() => srv.close());

describe('Node entries, built', () => {
  it('loads three modules of the package: itself, the chunk with the registry and one shared with notifications', () => {
    const graph = staticGraph(join(dist, 'index.js'));
    expect(graph).toHaveLength(3);
    expect(graph).toContain('index.js');
    // The registry's chunk is the one dist/runtime/descriptor.js re-exports (and every other entry imports).
    const registry = /from '\.\.\/(chunk-[\w-]+\.js)'/.exec(
      readFileSync(join(dist, 'runtime', 'descriptor.js'), 'utf8'),
    )?.[1];
    expect(graph).toContain(registry);
    // No API module, compat code or notifications (an import() on first subscribe) at import.
    expect(graph.filter((f) => /^(api|compat|facade)|notifications/.test(f))).toEqual([]);
    const text = readFileSync(join(dist, 'index.js'), 'utf8');
    const lazy = [...text.matchAll(/import\("(\.\/index-notifications-[\w-]+\.js)"\)/g)].map((m) => m[1]);
    expect(lazy).toHaveLength(1);
  });

  it('CommonJS: one file that requires @skyport/core and the registry chunk, notifications and ws on first subscribe', async () => {
    const text = readFileSync(join(dist, 'index.cjs'), 'utf8');
    const calls = [...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1] as string);
    const registry = /require\('\.\.\/(chunk-[\w-]+\.cjs)'\)/.exec(
      readFileSync(join(dist, 'runtime', 'descriptor.cjs'), 'utf8'),
    )?.[1];
    // Each package or file once (see the next test for why that matters).
    expect([...calls].sort()).toEqual(
      ['./' + registry, './index-notifications.cjs', '@skyport/core', 'ws'].sort(),
    );
    // The notifications file takes NotificationsError from index.cjs (one class for both) and requires core once.
    const notifications = readFileSync(join(dist, 'index-notifications.cjs'), 'utf8');
    expect([...notifications.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]).sort()).toEqual([
      './index.cjs',
      '@skyport/core',
    ]);
    expect(notifications).not.toMatch(/class NotificationsError\b|NotificationsError\s*=\s*class/);
    // Requiring the entry and creating a client loads neither notifications nor ws.
    const { stdout } = await run(process.execPath, [
      '-e',
      `const g = require(${JSON.stringify(join(dist, 'index.cjs'))});
       g.createClient({ environment: 'mypurecloud.ie', auth: 'token' });
       process.stdout.write(JSON.stringify(Object.keys(require.cache)));`,
    ]);
    const loaded = (JSON.parse(stdout) as string[]).map((f) => f.replace(/\\/g, '/'));
    expect(
      loaded.filter((f) => f.endsWith('/index-notifications.cjs') || f.includes('/node_modules/ws/')),
    ).toEqual([]);
    expect(loaded.some((f) => f.endsWith('/genesys-cloud/dist/index.cjs'))).toBe(true);
  });

  it.each([
    ['index.cjs', 'g.createClient({ environment: "mypurecloud.ie", auth: "token" })'],
    ['compat.cjs', 'g.ApiClient.instance.setEnvironment("mypurecloud.ie"); new g.UsersApi()'],
  ])('CommonJS %s with @skyport/core already loaded resolves @skyport/core once', async (file, use) => {
    // Node remembers a require()'s resolution only for the parent that loaded the module first: with core loaded
    // by the app beforehand, every require("@skyport/core") in the file resolved the package again (13 in index.cjs).
    const { stdout } = await run(
      process.execPath,
      [
        '-e',
        `${resolutionCounter('@skyport/core')}
         const g = require(${JSON.stringify(join(dist, file))});
         ${use};
         process.stdout.write(JSON.stringify({ count, same: require.cache[require.resolve('@skyport/core')].exports === core }));`,
      ],
      { cwd: join(__dirname, '..') },
    );
    // One by the app, one by the file.
    expect(JSON.parse(stdout)).toEqual({ count: 2, same: true });
  });

  it('the Node entries are minified to few lines of pure ASCII, with source maps that lead back to src/', async () => {
    for (const file of ['index.js', 'index.cjs', 'compat.cjs']) {
      const text = readFileSync(join(dist, file), 'utf8');
      expect(
        [...text].some((c) => c.charCodeAt(0) > 127),
        `${file} has a non-ASCII character`,
      ).toBe(false);
      // Whitespace-minified: statements share lines (a readable build has one statement per line or more).
      expect(text.split('\n').length, file).toBeLessThan(text.length / 200);
      const map = JSON.parse(readFileSync(join(dist, `${file}.map`), 'utf8')) as { sources: string[] };
      expect(map.sources.some((s) => s.endsWith('src/index.ts') || s.endsWith('src/compat/index.ts'))).toBe(
        true,
      );
    }
    // A stack trace from the built CommonJS entry points at the TypeScript source under --enable-source-maps.
    const { stdout } = await run(process.execPath, [
      '--enable-source-maps',
      '-e',
      `try { require(${JSON.stringify(join(dist, 'index.cjs'))}).createClient({ environment: 42 }); }
       catch (e) { process.stdout.write(String(e.stack)); }`,
    ]);
    expect(stdout).toMatch(/environment/);
    expect(stdout).toMatch(/src\/runtime\/[\w-]+\.ts:\d+/);
  });

  it.each([
    ['ESM', 'index.js', '.js'],
    ['CommonJS', 'index.cjs', '.cjs'],
  ])(
    '%s: notifications (and ws) work from the built entry: presence round trip on the sandbox',
    async (_f, file, ext) => {
      const sandbox = await startSandbox({ seed: 5, notificationHeartbeatMs: 200 });
      const g = ext === '.js' ? await import(join(dist, file)) : require(join(dist, file));
      const users =
        ext === '.js' ? await import(join(dist, 'api', 'users.js')) : require(join(dist, 'api', 'users.cjs'));
      const presence =
        ext === '.js'
          ? await import(join(dist, 'api', 'presence.js'))
          : require(join(dist, 'api', 'presence.cjs'));
      const gc = g.createClient({
        apiUrl: sandbox.genesys.apiUrl,
        loginUrl: sandbox.genesys.loginUrl,
        auth: {
          type: 'clientCredentials',
          clientId: sandbox.genesys.clientId,
          clientSecret: sandbox.genesys.clientSecret,
        },
      });
      try {
        const me = await users.getUsersMe(gc);
        const seen: unknown[] = [];
        await gc.notifications.subscribe([`v2.users.${me.id}.presence`], (e: { eventBody: unknown }) => {
          seen.push(e.eventBody);
        });
        await presence.patchUserPresence(gc, {
          userId: me.id,
          sourceId: 'purecloud',
          body: { presenceDefinition: { systemPresence: 'Busy' } },
        });
        await until(() => (seen.length > 0 ? seen : undefined), 5000, 'a presence event');
        expect(JSON.stringify(seen[0])).toContain('Busy');
      } finally {
        await gc.close();
        await sandbox.close();
      }
    },
  );

  it.each([
    ['ESM', 'import', '.js'],
    ['CommonJS', 'require', '.cjs'],
  ])(
    '%s: creates a client that calls the API, and shares the default-invoker registry with the other entries',
    async (_f, load, ext) => {
      const code = `
      (async () => {
        const g = await ${load}(${JSON.stringify(join(dist, `index${ext}`))});
        const registry = await ${load}(${JSON.stringify(join(dist, 'runtime', `descriptor${ext}`))});
        const users = await ${load}(${JSON.stringify(join(dist, 'api', `users${ext}`))});
        const client = g.createClient({ apiUrl: process.env.URL_UNDER_TEST, auth: { type: 'token', accessToken: 't' } });
        const me = await users.getUsersMe(client, { expand: ['presence'] });
        const marker = { call: async () => 'registered' };
        g.registerDefaultInvoker(() => marker);
        process.stdout.write(JSON.stringify({ me, shared: registry.defaultInvoker() === marker }));
      })();`;
      const { stdout } = await run(process.execPath, ['-e', code], {
        env: { ...process.env, URL_UNDER_TEST: srv.url },
      });
      const r = JSON.parse(stdout);
      expect(r.me).toEqual({ id: 'me', path: '/api/v2/users/me' });
      expect(r.shared).toBe(true);
      const last = srv.seen.at(-1);
      expect(last?.query.get('expand')).toBe('presence');
      expect(last?.headers.authorization).toBe('Bearer t');
    },
  );
});
