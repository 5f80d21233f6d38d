// Sign-in flows: client credentials refresh (single flight) against the sandbox; code, PKCE, implicit, SAML2,
// browser storage and logout against a login service started in the test.
import { createHash } from 'node:crypto';
import { AuthError, ValidationError } from '@skyport/core';
import { type Sandbox, startSandbox } from '@skyport/sandbox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getUsersMe } from '../src/generated/api/users';
import { createClient } from '../src/index';
import { captureServer, json, type Seen } from './helpers';

const pathOf = (url: string) => url.split('?')[0];

describe('client credentials against the sandbox', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 5, tokenTtlSeconds: 3600 });
  });
  afterAll(() => sandbox.close());
  const tokenRequests = () =>
    sandbox.requests().filter((r) => r.method === 'POST' && pathOf(r.url) === '/login/oauth/token').length;
  const make = (extra: object = {}) =>
    createClient({
      apiUrl: sandbox.genesys.apiUrl,
      loginUrl: sandbox.genesys.loginUrl,
      auth: {
        type: 'clientCredentials',
        clientId: sandbox.genesys.clientId,
        clientSecret: sandbox.genesys.clientSecret,
        ...extra,
      },
    });

  it('concurrent calls share one token request, and one refresh after expiry', async () => {
    sandbox.reset();
    const gc = make();
    await Promise.all(Array.from({ length: 8 }, () => getUsersMe(gc)));
    expect(tokenRequests()).toBe(1);
    const first = (await gc.auth.getToken())?.accessToken;
    // Past the token's lifetime on the sandbox clock and ours: every caller needs a new token.
    sandbox.advanceClock(3_600_000);
    const expired = await gc.auth.getToken();
    await gc.auth.setToken({ ...(expired as { accessToken: string }), expiresAt: Date.now() - 1 });
    await Promise.all(Array.from({ length: 8 }, () => getUsersMe(gc)));
    expect(tokenRequests()).toBe(2);
    expect((await gc.auth.getToken())?.accessToken).not.toBe(first);
  });

  it('a revoked token (401) is replaced once and the call retried', async () => {
    sandbox.reset();
    const gc = make();
    await getUsersMe(gc);
    sandbox.faults.add({ kind: 'revoke-token', route: 'GET /api/v2/users/me', count: 1 });
    // The fault revokes the token of this very request: 401 → one refresh → the retry succeeds.
    await expect(getUsersMe(gc)).resolves.toHaveProperty('id');
    expect(tokenRequests()).toBe(2);
    const statuses = sandbox
      .requests()
      .filter((r) => pathOf(r.url) === '/api/v2/users/me')
      .map((r) => r.status);
    expect(statuses).toEqual([200, 401, 200]);
  });

  it('with refresh disabled an expired token is sent as is and its 401 surfaces', async () => {
    sandbox.reset();
    const gc = make({ refresh: false });
    await getUsersMe(gc);
    sandbox.advanceClock(3_600_000 + 1000);
    await expect(getUsersMe(gc)).rejects.toMatchObject({ status: 401 });
    expect(tokenRequests()).toBe(1);
  });

  it('login() gets a token up front and logout() revokes and forgets it', async () => {
    sandbox.reset();
    const gc = make();
    const t = await gc.auth.login();
    expect(t.accessToken).toEqual(expect.any(String));
    expect(await gc.auth.login()).toEqual(t); // still fresh: no new request
    expect(tokenRequests()).toBe(1);
    await gc.auth.logout();
    expect(await gc.auth.getToken()).toBeUndefined();
    const del = sandbox
      .requests()
      .find((r) => r.method === 'DELETE' && pathOf(r.url) === '/api/v2/tokens/me');
    expect(del?.headers.authorization).toBeDefined();
    expect(del?.status).toBeLessThan(300);
    // Signed out: the next call signs in again.
    await getUsersMe(gc);
    expect(tokenRequests()).toBe(2);
  });
});

// handleRedirect refuses answers to sign-ins this client did not start (login forgery), with real redirects from
// the sandbox's /oauth/authorize (non-interactive sign-in with login_hint + password).
describe('redirect checks against the sandbox authorize endpoint', () => {
  let sandbox: Sandbox;
  const CALLBACK = 'http://127.0.0.1:5999/cb';
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 11 });
  });
  afterAll(() => sandbox.close());

  /** Follows an authorize URL as a signed-in user would and returns the redirect's Location. */
  async function signIn(authorizeUrl: string, user = sandbox.genesys.users[1]!): Promise<string> {
    const u = new URL(authorizeUrl);
    u.searchParams.set('login_hint', user.username);
    u.searchParams.set('password', user.password);
    const res = await fetch(u, { redirect: 'manual' });
    expect(res.status).toBe(302);
    return res.headers.get('location') as string;
  }
  const pkceClient = () =>
    createClient({
      apiUrl: sandbox.genesys.apiUrl,
      loginUrl: sandbox.genesys.loginUrl,
      auth: { type: 'pkce', clientId: sandbox.genesys.pkceClientId, redirectUri: CALLBACK },
    });

  it('PKCE: the answer to our own sign-in is accepted and the token belongs to the user', async () => {
    const gc = pkceClient();
    const redirect = await signIn((await gc.auth.authorizeUrl()).url);
    const t = await gc.auth.handleRedirect(redirect);
    expect(t.accessToken).toEqual(expect.any(String));
    expect(((await getUsersMe(gc)) as { id?: string }).id).toBe(sandbox.genesys.users[1]!.id);
  });

  it('PKCE: a redirect with no sign-in pending is refused before any token request', async () => {
    // The attacker's own sign-in produces a valid code for the same client…
    const attacker = pkceClient();
    const forged = await signIn((await attacker.auth.authorizeUrl()).url, sandbox.genesys.users[2]!);
    sandbox.reset();
    // …which a victim's page that never started a sign-in must not accept.
    const victim = pkceClient();
    const err = (await victim.auth
      .handleRedirect(forged, { codeVerifier: 'x'.repeat(43) })
      .catch((e: unknown) => e)) as AuthError;
    expect(err).toBeInstanceOf(AuthError);
    expect(err.code).toBe('no_pending_sign_in');
    expect(err.message).toMatch(/no sign-in is pending/);
    expect(sandbox.requests().filter((r) => pathOf(r.url) === '/login/oauth/token')).toHaveLength(0);
    expect(await victim.auth.getToken()).toBeUndefined();
  });

  it('PKCE: an answer to another sign-in is a state mismatch, and the pending sign-in is used up', async () => {
    const other = pkceClient();
    const foreign = await signIn((await other.auth.authorizeUrl()).url);
    const gc = pkceClient();
    const mine = await gc.auth.authorizeUrl();
    await expect(gc.auth.handleRedirect(foreign)).rejects.toMatchObject({ code: 'state_mismatch' });
    // The failed attempt consumed the pending sign-in: replaying our own answer now is refused too.
    const redirect = await signIn(mine.url);
    await expect(gc.auth.handleRedirect(redirect)).rejects.toMatchObject({ code: 'no_pending_sign_in' });
  });

  it('PKCE in another process: the state and verifier from authorizeUrl() finish the sign-in', async () => {
    const started = await pkceClient().auth.authorizeUrl();
    const redirect = await signIn(started.url);
    const finisher = pkceClient();
    await expect(
      finisher.auth.handleRedirect(redirect, { state: 'not-the-state', codeVerifier: started.codeVerifier }),
    ).rejects.toMatchObject({ code: 'state_mismatch' });
    const t = await finisher.auth.handleRedirect(redirect, {
      state: started.state,
      codeVerifier: started.codeVerifier as string,
    });
    expect(t.accessToken).toEqual(expect.any(String));
    await expect(finisher.auth.handleRedirect(redirect, { state: '' })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it('implicit: a token fragment with no sign-in pending is refused and not stored', async () => {
    const make = () =>
      createClient({
        apiUrl: sandbox.genesys.apiUrl,
        loginUrl: sandbox.genesys.loginUrl,
        auth: { type: 'implicit', clientId: sandbox.genesys.implicitClientId, redirectUri: CALLBACK },
      });
    const forged = await signIn((await make().auth.authorizeUrl()).url);
    expect(forged).toContain('#access_token=');
    const victim = make();
    await expect(victim.auth.handleRedirect(forged)).rejects.toMatchObject({ code: 'no_pending_sign_in' });
    expect(await victim.auth.getToken()).toBeUndefined();
    // Its own sign-in works.
    const t = await victim.auth.handleRedirect(await signIn((await victim.auth.authorizeUrl()).url));
    expect(((await getUsersMe(victim)) as { id?: string }).id).toBe(sandbox.genesys.users[1]!.id);
    expect(t.accessToken).toEqual(expect.any(String));
  });
});

// A login service with the grants the sandbox does not serve.
const REDIRECT = 'http://127.0.0.1/callback';
let login: Awaited<ReturnType<typeof captureServer>>;
const challenges = new Map<string, string>();
let issued = 0;
function loginHandler(req: Seen, res: import('node:http').ServerResponse) {
  if (req.path === '/api/v2/users/me') {
    return req.headers.authorization?.startsWith('Bearer ')
      ? json(res, 200, { id: 'me', token: req.headers.authorization.slice(7) })
      : json(res, 401, { status: 401, code: 'bad.credentials', message: 'no token' });
  }
  if (req.method === 'DELETE' && req.path === '/api/v2/tokens/me') {
    res.writeHead(204);
    return res.end();
  }
  if (req.path !== '/login/oauth/token') return json(res, 404, { status: 404, message: 'no route' });
  const f = req.form;
  const basic = req.headers.authorization?.startsWith('Basic ')
    ? Buffer.from(req.headers.authorization.slice(6), 'base64').toString().split(':')
    : undefined;
  const token = (prefix: string, refresh?: string) =>
    json(res, 200, {
      access_token: `${prefix}-${++issued}`,
      token_type: 'bearer',
      expires_in: 3600,
      ...(refresh ? { refresh_token: refresh } : {}),
    });
  switch (f.get('grant_type')) {
    case 'authorization_code': {
      if (f.get('code_verifier') !== null) {
        const expected = challenges.get(f.get('code') ?? '');
        const got = createHash('sha256')
          .update(f.get('code_verifier') ?? '')
          .digest('base64url');
        if (basic || f.get('client_id') !== 'pkce-client' || expected !== got) {
          return json(res, 400, { error: 'invalid_grant', error_description: 'verifier does not match' });
        }
        return token('pkce', 'pkce-refresh');
      }
      if (basic?.join(':') !== 'code-client:code-secret') return json(res, 401, { error: 'invalid_client' });
      if (f.get('code') !== 'good-code' || f.get('redirect_uri') !== REDIRECT) {
        return json(res, 400, { error: 'invalid_grant', error_description: 'unknown code' });
      }
      return token('code', 'refresh-1');
    }
    case 'refresh_token':
      if (f.get('refresh_token') !== 'refresh-1' && f.get('refresh_token') !== 'pkce-refresh') {
        return json(res, 400, { error: 'invalid_grant', error_description: 'bad refresh token' });
      }
      return token('refreshed');
    case 'urn:ietf:params:oauth:grant-type:saml2-bearer':
      if (
        basic?.join(':') !== 'saml-client:saml-secret' ||
        f.get('orgName') !== 'acme' ||
        !f.get('assertion')
      ) {
        return json(res, 400, { error: 'invalid_grant' });
      }
      return token('saml');
    default:
      return json(res, 400, { error: 'unsupported_grant_type' });
  }
}

describe('browser-style grants against a login service in the test', () => {
  beforeAll(async () => {
    login = await captureServer(loginHandler);
  });
  afterAll(() => login.close());
  afterEach(() => {
    login.seen.length = 0;
    delete (globalThis as Record<string, unknown>).localStorage;
    delete (globalThis as Record<string, unknown>).sessionStorage;
  });
  const urls = () => ({ apiUrl: login.url, loginUrl: `${login.url}/login` });

  it('authorization code: authorize URL, redirect with state, exchange, then refresh with the refresh token', async () => {
    const gc = createClient({
      ...urls(),
      auth: {
        type: 'authorizationCode',
        clientId: 'code-client',
        clientSecret: 'code-secret',
        redirectUri: REDIRECT,
      },
    });
    await expect(getUsersMe(gc)).rejects.toThrow(/not signed in/);
    const { url, state } = await gc.auth.authorizeUrl({ scope: 'users' });
    const u = new URL(url);
    expect(`${u.origin}${u.pathname}`).toBe(`${login.url}/login/oauth/authorize`);
    expect(Object.fromEntries(u.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'code-client',
      redirect_uri: REDIRECT,
      state,
      scope: 'users',
    });
    await expect(gc.auth.handleRedirect(`${REDIRECT}?code=good-code&state=forged`)).rejects.toMatchObject({
      code: 'state_mismatch',
    });
    await gc.auth.authorizeUrl({ state: 's-2' });
    const t = await gc.auth.handleRedirect(`${REDIRECT}?code=good-code&state=s-2`);
    expect(t.refreshToken).toBe('refresh-1');
    expect(((await getUsersMe(gc)) as { token?: string }).token).toBe(t.accessToken);
    // Expire it: the next call refreshes with the refresh token.
    await gc.auth.setToken({ ...t, expiresAt: Date.now() - 1 });
    expect(((await getUsersMe(gc)) as { token?: string }).token).toMatch(/^refreshed-/);
    const refresh = login.seen.find((s) => s.form.get('grant_type') === 'refresh_token');
    expect(refresh?.form.get('refresh_token')).toBe('refresh-1');
  });

  it('authorization code: an OAuth error in the redirect or a rejected code keeps the reason', async () => {
    const gc = createClient({
      ...urls(),
      auth: {
        type: 'authorizationCode',
        clientId: 'code-client',
        clientSecret: 'code-secret',
        redirectUri: REDIRECT,
      },
    });
    await gc.auth.authorizeUrl({ state: 's-err' });
    await expect(
      gc.auth.handleRedirect(`${REDIRECT}?error=access_denied&error_description=user+said+no&state=s-err`),
    ).rejects.toThrow('sign-in failed: access_denied: user said no');
    const err = (await gc.auth.exchangeCode('stale').catch((e: unknown) => e)) as AuthError;
    expect(err).toBeInstanceOf(AuthError);
    expect(err.message).toMatch(/invalid_grant/);
  });

  it('PKCE: S256 challenge in the URL, verifier in the exchange, no client secret', async () => {
    const gc = createClient({
      ...urls(),
      auth: { type: 'pkce', clientId: 'pkce-client', redirectUri: REDIRECT },
    });
    const { url, state, codeVerifier } = await gc.auth.authorizeUrl();
    const q = new URL(url).searchParams;
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toBe(
      createHash('sha256')
        .update(codeVerifier as string)
        .digest('base64url'),
    );
    challenges.set('pkce-code', q.get('code_challenge') as string);
    const t = await gc.auth.handleRedirect(`${REDIRECT}?code=pkce-code&state=${state}`);
    expect(t.accessToken).toMatch(/^pkce-/);
    const exchange = login.seen.find((s) => s.form.get('grant_type') === 'authorization_code');
    expect(exchange?.headers.authorization).toBeUndefined();
    expect(exchange?.form.get('client_secret')).toBeNull();
    // Without authorizeUrl() there is no verifier: refused before sending.
    const other = createClient({
      ...urls(),
      auth: { type: 'pkce', clientId: 'pkce-client', redirectUri: REDIRECT },
    });
    await expect(other.auth.exchangeCode('pkce-code')).rejects.toBeInstanceOf(ValidationError);
  });

  it('PKCE in a browser: token in localStorage under the prefix, verifier survives the redirect in sessionStorage', async () => {
    const local = new MemoryStorage();
    const session = new MemoryStorage();
    Object.assign(globalThis, { localStorage: local, sessionStorage: session });
    const options = {
      ...urls(),
      auth: {
        type: 'pkce' as const,
        clientId: 'pkce-client',
        redirectUri: REDIRECT,
        store: 'localStorage' as const,
        storageKeyPrefix: 'app1',
      },
    };
    const before = createClient(options);
    const { url, state } = await before.auth.authorizeUrl();
    challenges.set('pkce-code-2', new URL(url).searchParams.get('code_challenge') as string);
    expect(session.getItem('app1_pending_login')).toContain(state);
    // The page reloads: a new client finishes the sign-in.
    const after = createClient(options);
    const t = await after.auth.handleRedirect(`${REDIRECT}?code=pkce-code-2&state=${state}`);
    expect(JSON.parse(local.getItem('app1_auth_data') as string).accessToken).toBe(t.accessToken);
    expect(session.getItem('app1_pending_login')).toBeNull();
    // Another reload: the stored token is used without signing in again.
    const third = createClient(options);
    expect(((await getUsersMe(third)) as { token?: string }).token).toBe(t.accessToken);
    await third.auth.logout();
    expect(local.getItem('app1_auth_data')).toBeNull();
    expect(login.seen.some((s) => s.method === 'DELETE' && s.path === '/api/v2/tokens/me')).toBe(true);
  });

  it('implicit: token from the fragment, state checked, no refresh', async () => {
    const gc = createClient({
      ...urls(),
      auth: { type: 'implicit', clientId: 'imp', redirectUri: REDIRECT },
    });
    const { url, state } = await gc.auth.authorizeUrl();
    expect(new URL(url).searchParams.get('response_type')).toBe('token');
    await expect(gc.auth.handleRedirect(`${REDIRECT}#access_token=x&state=nope`)).rejects.toBeInstanceOf(
      AuthError,
    );
    await gc.auth.authorizeUrl({ state: 'ok' });
    const t = await gc.auth.handleRedirect(`${REDIRECT}#access_token=imp-token&expires_in=60&state=ok`);
    expect(t.accessToken).toBe('imp-token');
    expect(((await getUsersMe(gc)) as { token?: string }).token).toBe('imp-token');
    expect(login.seen.filter((s) => s.path === '/login/oauth/token')).toHaveLength(0);
    expect(state).toEqual(expect.any(String));
  });

  it('SAML2 bearer and a plain access token', async () => {
    const saml = createClient({
      ...urls(),
      auth: {
        type: 'saml2Bearer',
        clientId: 'saml-client',
        clientSecret: 'saml-secret',
        orgName: 'acme',
        assertion: 'PHNhbWw+',
      },
    });
    expect(((await getUsersMe(saml)) as { token?: string }).token).toMatch(/^saml-/);
    const plain = createClient({ ...urls(), auth: 'given-token' });
    expect(((await getUsersMe(plain)) as { token?: string }).token).toBe('given-token');
  });

  it('bad auth options are refused when the client is created', () => {
    expect(() => createClient({ ...urls(), auth: { type: 'password' } as never })).toThrow(
      /auth.type must be one of/,
    );
    expect(() =>
      createClient({ ...urls(), auth: { type: 'clientCredentials', clientId: 'x' } as never }),
    ).toThrow('auth (clientCredentials): clientSecret is required');
    expect(() =>
      createClient({
        ...urls(),
        auth: { type: 'pkce', clientId: 'p', redirectUri: REDIRECT, store: 'localStorage' },
      }),
    ).toThrow(/needs a browser/);
  });
});

class MemoryStorage implements Storage {
  private m = new Map<string, string>();
  get length() {
    return this.m.size;
  }
  clear() {
    this.m.clear();
  }
  getItem(k: string) {
    return this.m.get(k) ?? null;
  }
  key(i: number) {
    return [...this.m.keys()][i] ?? null;
  }
  removeItem(k: string) {
    this.m.delete(k);
  }
  setItem(k: string, v: string) {
    this.m.set(k, String(v));
  }
}
