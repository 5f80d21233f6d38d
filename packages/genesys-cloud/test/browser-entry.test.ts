// The browser entry's client (src/index.browser.ts): HttpClientBase on fetch with core's body serializer and no
// logger factory. A ready Logger (core's createLogger) logs redacted exchanges; logger options fail with a
// ConfigError naming the fix. The bundle checks use the built package: run `npm run build -w @skyport/genesys-cloud`.
import { gzipSync } from 'node:zlib';
import { ApiError, ConfigError, createLogger } from '@skyport/core';
import { type Sandbox, startSandbox } from '@skyport/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getUser, getUsersMe, patchUser } from '../src/generated/api/users';
import { createClient } from '../src/index.browser';
import { browserBundle } from './browser-bundle';
import { captureServer, json } from './helpers';

describe('browser entry: logger', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 11, tokenTtlSeconds: 3600 });
  });
  afterAll(() => sandbox.close());
  const urls = () => ({ apiUrl: sandbox.genesys.apiUrl, loginUrl: sandbox.genesys.loginUrl });
  const credentials = () => ({
    type: 'clientCredentials' as const,
    clientId: sandbox.genesys.clientId,
    clientSecret: sandbox.genesys.clientSecret,
  });

  it('a client given logger: createLogger({...}) logs the token and API requests with secrets redacted', async () => {
    const lines: string[] = [];
    const gc = createClient({
      ...urls(),
      auth: credentials(),
      logger: createLogger({ level: 'trace', fn: (line) => lines.push(line), logResponseBody: true }),
    });
    const me = await getUsersMe(gc);
    expect(me.id).toEqual(expect.any(String));
    const token = (await gc.auth.getToken())?.accessToken;
    expect(token).toEqual(expect.any(String));
    const all = lines.join('\n');
    expect(all).toContain('/oauth/token');
    expect(all).toContain('/api/v2/users/me');
    expect(all).toContain('[REDACTED]');
    // Neither the bearer token, nor the client secret (Basic credentials), nor the token response's access_token.
    expect(all).not.toContain(token as string);
    expect(all).not.toContain(
      Buffer.from(`${sandbox.genesys.clientId}:${sandbox.genesys.clientSecret}`).toString('base64'),
    );
    await gc.close();
  });

  it('logger options (a config object) throw a ConfigError that names createLogger', () => {
    let caught: unknown;
    try {
      createClient({ ...urls(), auth: credentials(), logger: { level: 'debug' } });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as Error).message).toMatch(/logger: createLogger\(\{ \.\.\. \}\).*@skyport\/core/);
  });

  it('switching to logger options later throws the same ConfigError; a ready Logger is accepted', () => {
    const gc = createClient({ ...urls(), auth: credentials() });
    expect(() => gc.http.configure({ logger: { level: 'error' } })).toThrow(ConfigError);
    const logger = createLogger({ level: 'error', fn: () => {} });
    gc.http.configure({ logger });
    expect(gc.http.logger).toBe(logger);
  });
});

describe('browser entry: requests', () => {
  it('sends JSON bodies, retries 503, runs hooks and keeps failed bodies (no logger configured)', async () => {
    let meCalls = 0;
    const srv = await captureServer((req, res) => {
      if (req.path === '/api/v2/users/me') {
        return ++meCalls === 1 ? json(res, 503, { message: 'busy' }) : json(res, 200, { id: 'me' });
      }
      if (req.method === 'PATCH') {
        return json(res, 200, { id: 'u1', body: JSON.parse(req.body), ct: req.headers['content-type'] });
      }
      json(res, 404, { message: 'no such user', code: 'not.found' });
    });
    try {
      const seenHooks: string[] = [];
      const gc = createClient({
        apiUrl: srv.url,
        loginUrl: srv.url,
        auth: 'static-token',
        retry: { maxRetries: 2, initialDelayMs: 1, maxDelayMs: 5 },
        hooks: { beforeRequest: [(r) => void seenHooks.push(`${r.method} ${new URL(r.url).pathname}`)] },
      });
      expect(await getUsersMe(gc)).toEqual({ id: 'me' });
      expect(meCalls).toBe(2);
      expect(srv.seen[0]?.headers.authorization).toBe('Bearer static-token');
      const out = await patchUser(gc, { userId: 'u1', body: { name: 'Ada', version: 3 } });
      expect(out).toMatchObject({ id: 'u1', body: { name: 'Ada', version: 3 }, ct: 'application/json' });
      expect(seenHooks).toEqual(['GET /api/v2/users/me', 'GET /api/v2/users/me', 'PATCH /api/v2/users/u1']);
      const err = await getUser(gc, { userId: 'missing' }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ApiError);
      expect((err as ApiError).status).toBe(404);
      expect(JSON.stringify((err as ApiError).body)).toContain('no such user');
    } finally {
      await srv.close();
    }
  });
});

describe('browser bundle', () => {
  const bundle = async (contents: string) => (await browserBundle(contents, { minify: true })).text;

  it("carries core's logger only when the app imports createLogger", async () => {
    const app =
      "import { createClient } from '@skyport/genesys-cloud'; import { getUsersMe } from '@skyport/genesys-cloud/users';";
    const lean = await bundle(`${app} export const run = () => getUsersMe(createClient({ auth: 't' }));`);
    const logging = await bundle(
      `${app} import { createLogger } from '@skyport/core';` +
        "export const run = () => getUsersMe(createClient({ auth: 't', logger: createLogger({ level: 'debug' }) }));",
    );
    // Strings of core's logger and formatter.
    expect(lean).not.toContain('more lines');
    expect(lean).not.toContain('logger level must be');
    expect(logging).toContain('more lines');
    // The error that names the fix is in the lean bundle.
    expect(lean).toContain('createLogger({ ... })');
    const leanGz = gzipSync(lean).length;
    const loggingGz = gzipSync(logging).length;
    expect(leanGz).toBeLessThan(loggingGz);
    console.log(
      `genesys browser: createClient + getUsersMe ${leanGz} B gzip; with createLogger ${loggingGz} B gzip`,
    );
  });
});
