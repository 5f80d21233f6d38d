import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AuthError,
  ConfigError,
  FileTokenStore,
  HttpClient,
  MemoryTokenStore,
  oauth,
  TokenManager,
  type TokenSet,
  WebStorageTokenStore,
} from '../src/index.js';
import { caught, json, startServer, type TestServer, unexpected } from './helpers/server.js';

let srv: TestServer | undefined;
let client: HttpClient | undefined;
afterEach(async () => {
  await client?.close();
  await srv?.close();
  client = undefined;
  srv = undefined;
});

/** A token endpoint and a protected API on one loopback server. */
async function authServer(opts: { tokenDelayMs?: number; expiresIn?: number } = {}) {
  let issued = 0;
  const valid = new Set<string>();
  const s = await startServer(async (req, res) => {
    if (req.url === '/oauth/token') {
      await new Promise((r) => setTimeout(r, opts.tokenDelayMs ?? 50));
      issued++;
      const token = `tok-${issued}`;
      valid.add(token);
      return json(res, 200, {
        access_token: token,
        token_type: 'bearer',
        expires_in: opts.expiresIn ?? 3600,
      });
    }
    const auth = req.headers.authorization ?? '';
    if (!valid.has(auth.replace(/^Bearer /, ''))) return json(res, 401, { message: 'bad token' });
    json(res, 200, { auth });
  });
  return {
    s,
    issued: () => issued,
    revoke: (t: string) => valid.delete(t),
  };
}

function managerFor(c: HttpClient, extra: Partial<ConstructorParameters<typeof TokenManager>[0]> = {}) {
  return new TokenManager({
    obtain: () => oauth.clientCredentials({ client: c, clientId: 'id', clientSecret: 'secret' }),
    ...extra,
  });
}

describe('TokenManager', () => {
  it('single-flight: 50 concurrent requests with an expired token cause exactly one token request', async () => {
    const a = await authServer();
    srv = a.s;
    client = new HttpClient({ baseUrl: srv.url });
    const tm = managerFor(client);
    await tm.setToken({ accessToken: 'old', expiresAt: Date.now() - 1000 });
    client.configure({ auth: tm });
    const results = await Promise.all(
      Array.from({ length: 50 }, () => client!.request<{ auth: string }>({ method: 'GET', path: '/api' })),
    );
    expect(a.issued()).toBe(1);
    expect(srv.requests.filter((r) => r.url === '/oauth/token')).toHaveLength(1);
    expect(new Set(results.map((r) => r.auth))).toEqual(new Set(['Bearer tok-1']));
  });

  it('refreshes proactively shortly before expiry', async () => {
    const a = await authServer();
    srv = a.s;
    client = new HttpClient({ baseUrl: srv.url });
    const tm = managerFor(client, { refreshSkewMs: 60_000 });
    await tm.setToken({ accessToken: 'soon', expiresAt: Date.now() + 30_000 });
    expect(await tm.getAccessToken()).toBe('tok-1');
  });

  it('a token shorter-lived than the skew is not refreshed on every call', async () => {
    let calls = 0;
    const tm = new TokenManager({
      obtain: async () => ({ accessToken: `short-${++calls}`, expiresAt: Date.now() + 10_000 }),
      refreshSkewMs: 60_000,
    });
    expect(await tm.getAccessToken()).toBe('short-1');
    expect(await tm.getAccessToken()).toBe('short-1');
    expect(calls).toBe(1);
  });

  it('on 401 refreshes once and retries once', async () => {
    const a = await authServer();
    srv = a.s;
    client = new HttpClient({ baseUrl: srv.url });
    const tm = managerFor(client);
    await tm.setToken('revoked-token');
    client.configure({ auth: tm });
    const r = await client.request<{ auth: string }>({ method: 'GET', path: '/api' });
    expect(r.auth).toBe('Bearer tok-1');
    expect(srv.requests.map((x) => x.url)).toEqual(['/api', '/oauth/token', '/api']);
  });

  it('20 concurrent 401s with a revoked token cause one refresh', async () => {
    const a = await authServer();
    srv = a.s;
    client = new HttpClient({ baseUrl: srv.url });
    const tm = managerFor(client);
    await tm.setToken({ accessToken: 'revoked', expiresAt: Date.now() + 3_600_000 });
    client.configure({ auth: tm });
    const results = await Promise.all(
      Array.from({ length: 20 }, () => client!.request<{ auth: string }>({ method: 'GET', path: '/api' })),
    );
    expect(a.issued()).toBe(1);
    expect(results.every((r) => r.auth === 'Bearer tok-1')).toBe(true);
  });

  it('gives up after one refresh when the new token is also rejected', async () => {
    const a = await authServer();
    srv = a.s;
    client = new HttpClient({ baseUrl: srv.url });
    // obtain returns a token the API does not accept
    const tm = new TokenManager({ obtain: async () => ({ accessToken: 'also-bad' }) });
    await tm.setToken('bad');
    client.configure({ auth: tm });
    const err = await client.request({ method: 'GET', path: '/api' }).then(unexpected, caught);
    expect(err.status).toBe(401);
    expect(srv.requests.filter((r) => r.url === '/api')).toHaveLength(2);
  });

  it('bounds the wait: a second caller fails with AuthError after waitTimeoutMs while the refresh hangs', async () => {
    let release!: (t: TokenSet) => void;
    const tm = new TokenManager({
      obtain: () => new Promise<TokenSet>((r) => (release = r)),
      waitTimeoutMs: 300,
    });
    const first = tm.getAccessToken();
    const t0 = Date.now();
    const second = await tm.getAccessToken().then(unexpected, caught);
    expect(second).toBeInstanceOf(AuthError);
    expect(second.message).toMatch(/timed out after 300 ms/);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    release({ accessToken: 'late' });
    expect(await first).toBe('late');
  });

  it('does not refresh when refresh is disabled (seed refresh_access_token = false)', async () => {
    let calls = 0;
    const tm = new TokenManager({
      obtain: async () => ({ accessToken: `n${++calls}` }),
      refresh: false,
    });
    await tm.setToken({ accessToken: 'expired', expiresAt: Date.now() - 1 });
    expect(await tm.getAccessToken()).toBe('expired');
    expect(await tm.onUnauthorized('expired')).toBe(false);
    expect(calls).toBe(0);
    // An explicit request still refreshes.
    expect(await tm.getAccessToken({ forceRefresh: true })).toBe('n1');
    await tm.setToken({ accessToken: 'expired', expiresAt: Date.now() - 1 });
    tm.configure({ refresh: true });
    expect(await tm.getAccessToken()).toBe('n2');
  });

  it('configure() checks the new settings before changing any; bad constructor settings are ConfigErrors', () => {
    const tm = new TokenManager({ refresh: true, refreshSkewMs: 1000, waitTimeoutMs: 2000 });
    expect(() => tm.configure({ refresh: false, refreshSkewMs: 5, waitTimeoutMs: -1 })).toThrow(
      'waitTimeoutMs must be a non-negative number (got -1)',
    );
    expect(() => tm.configure({ refresh: false, refreshSkewMs: Number.NaN })).toThrow(
      'refreshSkewMs must be a non-negative number (got NaN)',
    );
    expect(tm.options).toEqual({ refresh: true, refreshSkewMs: 1000, waitTimeoutMs: 2000 });
    tm.configure({ refresh: false, waitTimeoutMs: 0 });
    expect(tm.options).toEqual({ refresh: false, refreshSkewMs: 1000, waitTimeoutMs: 0 });
    expect(() => new TokenManager({ waitTimeoutMs: Number.POSITIVE_INFINITY })).toThrow(ConfigError);
    expect(() => new TokenManager({ refreshSkewMs: -5 })).toThrow(/refreshSkewMs must be a non-negative/);
  });

  it('wraps obtain failures in AuthError and lets the next call try again', async () => {
    let n = 0;
    const tm = new TokenManager({
      obtain: async () => {
        if (++n === 1) throw new Error('boom');
        return { accessToken: 'ok' };
      },
    });
    const err = await tm.getAccessToken().then(unexpected, caught);
    expect(err).toBeInstanceOf(AuthError);
    expect(err.cause.message).toBe('boom');
    expect(await tm.getAccessToken()).toBe('ok');
  });
});

describe('client-level auth', () => {
  it('accepts a fixed bearer token', async () => {
    srv = await startServer((req, res) => json(res, 200, { auth: req.headers.authorization }));
    client = new HttpClient({ baseUrl: srv.url, auth: 'fixed-token' });
    expect(await client.request({ method: 'GET', path: '/' })).toEqual({ auth: 'Bearer fixed-token' });
    expect(await client.request({ method: 'GET', path: '/', auth: false })).toEqual({});
    expect(await client.request({ method: 'GET', path: '/', auth: 'other' })).toEqual({
      auth: 'Bearer other',
    });
    expect(() => new HttpClient({ baseUrl: srv!.url, auth: {} as never })).toThrow(/TokenProvider/);
  });
});

describe('token stores', () => {
  it('memory store', () => {
    const s = new MemoryTokenStore();
    s.set({ accessToken: 'a' });
    expect(s.get()).toEqual({ accessToken: 'a' });
    s.clear();
    expect(s.get()).toBeUndefined();
  });

  it('web storage store under a key prefix', () => {
    // Minimal implementation of the browser Storage interface.
    const data = new Map<string, string>();
    const storage = {
      getItem: (k: string) => data.get(k) ?? null,
      setItem: (k: string, v: string) => void data.set(k, v),
      removeItem: (k: string) => void data.delete(k),
      clear: () => data.clear(),
      key: (i: number) => [...data.keys()][i] ?? null,
      get length() {
        return data.size;
      },
    } as Storage;
    const a = new WebStorageTokenStore({ storage, prefix: 'app1' });
    const b = new WebStorageTokenStore({ storage, prefix: 'app2' });
    a.set({ accessToken: 'one', expiresAt: 5 });
    b.set({ accessToken: 'two' });
    expect(a.get()).toEqual({ accessToken: 'one', expiresAt: 5 });
    expect(b.get()?.accessToken).toBe('two');
    expect([...data.keys()].sort()).toEqual(['app1_auth_data', 'app2_auth_data']);
    a.clear();
    expect(a.get()).toBeUndefined();
    expect(b.get()?.accessToken).toBe('two');
    data.set('app2_auth_data', 'not json');
    expect(b.get()).toBeUndefined();
  });

  it('file store writes mode 0600 and round-trips', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skyport-tok-'));
    const path = join(dir, 'sub', 'token.json');
    const s = new FileTokenStore(path);
    expect(await s.get()).toBeUndefined();
    await s.set({ accessToken: 'file-token', refreshToken: 'r' });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(await new FileTokenStore(path).get()).toEqual({ accessToken: 'file-token', refreshToken: 'r' });
    await s.clear();
    expect(await s.get()).toBeUndefined();
  });
});
