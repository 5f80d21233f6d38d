// @skyport/genesys-cloud/modular: the client with one sign-in (pkce(), clientCredentials()…) against the sandbox —
// PKCE through the sandbox's /oauth/authorize with the verifier kept across a "page reload", refresh with the
// refresh token, a revoked token replaced once, typed errors — notifications with createNotifications, and the
// browser bundle of a PKCE app carrying no other grant and no notifications code. The bundle checks use the built
// package: run `npm run build -w @skyport/genesys-cloud`.
import { ApiError, AuthError, ConfigError, ValidationError } from '@skyport/core';
import { type Sandbox, startSandbox } from '@skyport/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patchUserPresence } from '../src/generated/api/presence';
import { getUser, getUsersMe } from '../src/generated/api/users';
import {
  accessToken,
  clientCredentials,
  createClient,
  createNotifications,
  gatewayUrls,
  implicit,
  type NotificationEvent,
  pkce,
  regionKeys,
  SignIn,
} from '../src/modular';
import { bodies, pkce as browserPkce, createClient as createBrowserClient } from '../src/modular.browser';
import { browserBundle } from './browser-bundle';
import { until } from './helpers';

const CALLBACK = 'http://127.0.0.1:5999/cb';
const pathOf = (url: string) => url.split('?')[0];

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 17, tokenTtlSeconds: 3600, notificationHeartbeatMs: 200 });
});
afterAll(() => sandbox.close());

const urls = () => ({ apiUrl: sandbox.genesys.apiUrl, loginUrl: sandbox.genesys.loginUrl });
const tokenGrants = () =>
  sandbox
    .requests()
    .filter((r) => r.method === 'POST' && pathOf(r.url) === '/login/oauth/token')
    .map((r) => (r.body as { grant_type?: string } | undefined)?.grant_type);

/** Follows an authorize URL as a signed-in user would and returns the redirect's Location. */
async function signIn(authorizeUrl: string, user = sandbox.genesys.users[1]!): Promise<string> {
  const u = new URL(authorizeUrl);
  u.searchParams.set('login_hint', user.username);
  u.searchParams.set('password', user.password);
  const res = await fetch(u, { redirect: 'manual' });
  expect(res.status).toBe(302);
  return res.headers.get('location') as string;
}

describe('modular client: PKCE against the sandbox', () => {
  for (const [entry, make, grant] of [
    ['Node', createClient, pkce],
    ['browser (fetch)', createBrowserClient, browserPkce],
  ] as const) {
    it(`${entry}: authorize, redirect after a reload with the stored verifier, getUsersMe with expand, refresh`, async () => {
      sandbox.reset();
      const options = () => ({
        ...urls(),
        auth: grant({ clientId: sandbox.genesys.pkceClientId, redirectUri: CALLBACK }),
      });
      const before = make(options());
      expect(before.auth).toBeInstanceOf(SignIn);
      expect(before.auth.type).toBe('pkce');
      const { url, state, codeVerifier } = await before.auth.authorizeUrl();
      const sent = new URL(url);
      expect(sent.origin + sent.pathname).toBe(`${sandbox.genesys.loginUrl}/oauth/authorize`);
      expect(sent.searchParams.get('code_challenge_method')).toBe('S256');
      expect(codeVerifier).toMatch(/^[A-Za-z0-9\-._~]{43,128}$/);
      const redirect = await signIn(url);

      // The page reloads: a new client finishes the sign-in with what the first one stored.
      const after = make(options());
      const token = await after.auth.handleRedirect(redirect, {
        state,
        codeVerifier: codeVerifier as string,
      });
      expect(token.refreshToken).toEqual(expect.any(String));
      const me = (await getUsersMe(after, { expand: ['presence'] })) as { id?: string; presence?: unknown };
      expect(me.id).toBe(sandbox.genesys.users[1]!.id);
      expect(me.presence).toBeDefined();
      expect(tokenGrants()).toEqual(['authorization_code']);

      // Expired: the next call refreshes with the refresh token, once.
      await after.auth.setToken({ ...token, expiresAt: Date.now() - 1 });
      await Promise.all([getUsersMe(after), getUsersMe(after)]);
      expect(tokenGrants()).toEqual(['authorization_code', 'refresh_token']);
      expect((await after.auth.getToken())?.accessToken).not.toBe(token.accessToken);
      await after.close();
    });
  }

  it('refuses a redirect with no sign-in pending, a wrong state, and a missing verifier', async () => {
    const make = () =>
      createClient({
        ...urls(),
        auth: pkce({ clientId: sandbox.genesys.pkceClientId, redirectUri: CALLBACK }),
      });
    const started = make();
    const redirect = await signIn((await started.auth.authorizeUrl()).url);
    await expect(make().auth.handleRedirect(redirect)).rejects.toMatchObject({
      name: 'AuthError',
      code: 'no_pending_sign_in',
    });
    await expect(make().auth.handleRedirect(redirect, { state: 'forged' })).rejects.toMatchObject({
      code: 'state_mismatch',
    });
    await expect(make().auth.exchangeCode('a-code')).rejects.toBeInstanceOf(ValidationError);
    // Not signed in: the call fails with an AuthError before any API request.
    const err = await getUsersMe(make()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect((err as Error).message).toMatch(/PKCE grant: not signed in/);
  });

  it('a code the login service rejects is an AuthError with the OAuth error code', async () => {
    const gc = createClient({
      ...urls(),
      auth: pkce({ clientId: sandbox.genesys.pkceClientId, redirectUri: CALLBACK }),
    });
    const { state } = await gc.auth.authorizeUrl();
    const err = (await gc.auth
      .handleRedirect(`${CALLBACK}?code=never-issued&state=${state}`)
      .catch((e: unknown) => e)) as AuthError;
    expect(err).toBeInstanceOf(AuthError);
    expect(err.code).toBe('invalid_grant');
    expect(err.cause).toBeInstanceOf(ApiError);
  });
});

describe('modular client: other sign-ins and errors', () => {
  it('clientCredentials(): one token for concurrent calls; a revoked token (401) is replaced once', async () => {
    sandbox.reset();
    const gc = createClient({
      ...urls(),
      auth: clientCredentials({
        clientId: sandbox.genesys.clientId,
        clientSecret: sandbox.genesys.clientSecret,
      }),
    });
    await Promise.all(Array.from({ length: 5 }, () => getUsersMe(gc)));
    expect(tokenGrants()).toEqual(['client_credentials']);
    sandbox.faults.add({ kind: 'revoke-token', route: 'GET /api/v2/users/me', count: 1 });
    await expect(getUsersMe(gc)).resolves.toHaveProperty('id');
    expect(tokenGrants()).toEqual(['client_credentials', 'client_credentials']);
    // A failed call keeps the response body.
    const missing = (await getUser(gc, { userId: 'no-such-user' }).catch((e: unknown) => e)) as ApiError;
    expect(missing).toBeInstanceOf(ApiError);
    expect(missing.status).toBe(404);
    expect(missing.body).toBeDefined();
    await gc.auth.logout();
    expect(await gc.auth.getToken()).toBeUndefined();
  });

  it('an access token string, accessToken() and a TokenProvider authorise calls; no auth sends none', async () => {
    const issued = await createClient({
      ...urls(),
      auth: clientCredentials({
        clientId: sandbox.genesys.clientId,
        clientSecret: sandbox.genesys.clientSecret,
      }),
    }).auth.login();
    for (const auth of [
      issued.accessToken,
      accessToken({ accessToken: issued.accessToken }),
      { getAccessToken: async () => issued.accessToken },
    ]) {
      await expect(getUsersMe(createClient({ ...urls(), auth }))).resolves.toHaveProperty('id');
    }
    const err = (await getUsersMe(createClient(urls())).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(401);
  });

  it('bad sign-in options fail at createClient with errors naming the option', () => {
    expect(() => createClient({ ...urls(), auth: pkce({ clientId: '', redirectUri: CALLBACK }) })).toThrow(
      /auth \(pkce\): clientId is required/,
    );
    expect(() => createClient({ ...urls(), auth: implicit({ clientId: 'c' } as never) })).toThrow(
      ValidationError,
    );
    expect(() =>
      createClient({
        ...urls(),
        auth: pkce({ clientId: 'c', redirectUri: CALLBACK, store: 'localStorage' }),
      }),
    ).toThrow(ConfigError);
    const cc = createClient({ ...urls(), auth: clientCredentials({ clientId: 'c', clientSecret: 's' }) });
    return expect(cc.auth.authorizeUrl()).rejects.toThrow(
      /authorizeUrl needs auth type authorizationCode, pkce or implicit \(have clientCredentials\)/,
    );
  });

  it('refresh, refreshSkewMs and waitTimeoutMs reach the token manager (checked there); unset ones take its defaults', async () => {
    const cc = (o: object) =>
      createClient({
        ...urls(),
        auth: clientCredentials({
          clientId: sandbox.genesys.clientId,
          clientSecret: sandbox.genesys.clientSecret,
          ...o,
        }),
      });
    expect(() => cc({ waitTimeoutMs: -1 })).toThrow(/waitTimeoutMs must be a non-negative number \(got -1\)/);
    expect(() => cc({ refreshSkewMs: Number.NaN })).toThrow(ConfigError);
    // A token within the skew of its expiry is refreshed on the next call; with refresh: false it is used as is.
    const stale = { accessToken: 'old', expiresAt: Date.now() + 60_000 };
    const skewed = cc({ refreshSkewMs: 120_000 });
    await skewed.auth.setToken(stale);
    expect(await skewed.auth.getAccessToken()).not.toBe('old');
    const fixed = cc({ refreshSkewMs: 120_000, refresh: false });
    await fixed.auth.setToken(stale);
    expect(await fixed.auth.getAccessToken()).toBe('old');
    const defaults = cc({});
    await defaults.auth.setToken(stale);
    expect(await defaults.auth.getAccessToken()).toBe('old');
  });

  it('environment, region (regionKeys stage) and a gateway given as URLs; a gateway object names gatewayUrls', () => {
    expect(createClient({ environment: 'mypurecloud.ie' }).environment).toEqual({
      apiUrl: 'https://api.mypurecloud.ie',
      loginUrl: 'https://login.mypurecloud.ie',
      streamingUrl: 'wss://streaming.mypurecloud.ie',
    });
    expect(createClient({ environment: 'eu_west_1', use: [regionKeys] }).environment).toEqual({
      apiUrl: 'https://api.mypurecloud.ie',
      loginUrl: 'https://login.mypurecloud.ie',
      streamingUrl: 'wss://streaming.mypurecloud.ie',
    });
    expect(createClient({ region: 'ap_northeast_1', use: [regionKeys] }).environment.loginUrl).toBe(
      'https://login.mypurecloud.jp',
    );
    expect(() => createClient({ region: 'mars_1' as never, use: [regionKeys] })).toThrow(
      /unknown region "mars_1"; known: us_east_1, /,
    );
    // Without the stage a region key is refused, naming it.
    for (const o of [
      { region: 'eu_west_1' as const },
      { environment: 'eu_west_1' },
      { environment: 'eu-west-1' },
    ]) {
      expect(() => createClient(o)).toThrow(ConfigError);
      expect(() => createClient(o)).toThrow(/^a region key needs the regionKeys stage: use: \[regionKeys\]$/);
    }
    const gw = { host: 'gw.example.com', pathParamsLogin: 'login', pathParamsApi: 'api' };
    expect(createClient({ ...gatewayUrls(gw) }).environment).toMatchObject({
      apiUrl: 'https://gw.example.com/api',
      loginUrl: 'https://gw.example.com/login',
    });
    expect(() => createClient({ gateway: gw })).toThrow(ConfigError);
    expect(() => createClient({ gateway: gw })).toThrow(/\.\.\.gatewayUrls\(gateway\)/);
  });

  it('the fetch entry sends JSON bodies and refuses a multipart object before sending (the bodies stage too)', async () => {
    const gc = createBrowserClient({ ...urls(), auth: 't' });
    const before = sandbox.requests().length;
    const err = await gc
      .request({ method: 'POST', path: '/api/v2/x', body: { f: 'v' }, bodyType: 'multipart' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as Error).message).toMatch(/bodyType 'multipart' needs the bodies stage/);
    const withBodies = createBrowserClient({ ...urls(), auth: 't', use: [bodies] });
    const err2 = await withBodies
      .request({ method: 'POST', path: '/api/v2/x', body: { f: 'v' }, bodyType: 'multipart' })
      .catch((e: unknown) => e);
    expect((err2 as Error).message).toMatch(/multipart bodies as FormData/);
    expect(sandbox.requests().length).toBe(before);
  });

  it('a code given with pkce() needs its verifier; exchangeCode needs a code grant; a TokenProvider has no token set', async () => {
    expect(() =>
      createClient({ ...urls(), auth: pkce({ clientId: 'c', redirectUri: CALLBACK, code: 'abc' }) }),
    ).toThrow(/^auth \(pkce\): codeVerifier is required with the code$/);
    const withCode = createClient({ ...urls(), auth: pkce({ clientId: 'c', redirectUri: CALLBACK }) });
    await expect(withCode.auth.exchangeCode('abc')).rejects.toThrow(
      /exchangeCode: the PKCE code verifier \(from authorizeUrl\(\)\) is required with the code/,
    );
    const imp = createClient({ ...urls(), auth: implicit({ clientId: 'c', redirectUri: CALLBACK }) });
    await expect(imp.auth.exchangeCode('abc')).rejects.toThrow(
      /exchangeCode needs auth type authorizationCode or pkce \(have implicit\)/,
    );
    const provided = createClient({ ...urls(), auth: { getAccessToken: async () => 'from-provider' } });
    expect(provided.auth.type).toBe('provider');
    await expect(provided.auth.login()).resolves.toEqual({ accessToken: 'from-provider' });
    expect(await provided.auth.getToken()).toBeUndefined();
    await expect(provided.auth.setToken('t')).rejects.toBeInstanceOf(AuthError);
    await expect(provided.auth.authorizeUrl()).rejects.toThrow(
      /authorizeUrl needs auth type .* \(have provider\)/,
    );
    const empty = createClient({ ...urls(), auth: { getAccessToken: async () => undefined } });
    await expect(empty.auth.login()).rejects.toThrow('the auth provider returned no access token');
    // An access token given as is: login() returns it (no grant could renew it); logout forgets it.
    const fixed = createClient({ ...urls(), auth: accessToken({ accessToken: 'given', expiresAt: 42 }) });
    await expect(fixed.auth.login()).resolves.toEqual({ accessToken: 'given', expiresAt: 42 });
    const plain = createClient({ ...urls(), auth: 'plain' });
    await expect(plain.auth.login()).resolves.toEqual({ accessToken: 'plain' });
    await plain.auth.logout({ revoke: false });
    expect(await plain.auth.getToken()).toBeUndefined();
  });

  it('implicit(): the token is read from the redirect fragment', async () => {
    const gc = createClient({ ...urls(), auth: implicit({ clientId: 'c', redirectUri: CALLBACK }) });
    const { url, state } = await gc.auth.authorizeUrl();
    expect(new URL(url).searchParams.get('response_type')).toBe('token');
    const t = await gc.auth.handleRedirect(`${CALLBACK}#access_token=abc&expires_in=60&state=${state}`);
    expect(t.accessToken).toBe('abc');
    expect((await gc.auth.getToken())?.accessToken).toBe('abc');
  });
});

describe('modular client: notifications only when imported', () => {
  it('createNotifications(client) subscribes and delivers a presence event', async () => {
    sandbox.reset();
    const gc = createClient({
      ...urls(),
      auth: clientCredentials({
        clientId: sandbox.genesys.clientId,
        clientSecret: sandbox.genesys.clientSecret,
      }),
    });
    const notifications = createNotifications(gc, { reconnect: false });
    expect(notifications.channelId).toBeUndefined();
    const me = await getUsersMe(gc);
    const events: NotificationEvent[] = [];
    await notifications.subscribe([`v2.users.${me.id}.presence`], (e) => void events.push(e));
    expect(notifications.channelId).toEqual(expect.any(String));
    await patchUserPresence(gc, {
      userId: me.id as string,
      sourceId: 'purecloud',
      body: { presenceDefinition: { systemPresence: 'Busy' } },
    });
    await until(() => events.length > 0);
    expect(events[0]?.topicName).toBe(`v2.users.${me.id}.presence`);
    await notifications.close();
    await gc.close();
  });

  it('createNotifications checks its options up front', () => {
    const gc = createClient({ ...urls(), auth: 't' });
    expect(() => createNotifications(gc, { idleTimeoutMs: -1 })).toThrow(ConfigError);
  });
});

describe('modular browser bundle', () => {
  const bundle = async (contents: string) => (await browserBundle(contents, { minify: true })).text;
  const users = "import { getUsersMe } from '@skyport/genesys-cloud/users';";
  const pkceApp = `${users}
    import { createClient, pkce } from '@skyport/genesys-cloud/modular';
    const client = createClient({ environment: 'mypurecloud.ie', auth: pkce({ clientId: 'c', redirectUri: 'https://app/' }) });
    export const start = () => client.auth.authorizeUrl();
    export const finish = (href: string, codeVerifier: string) => client.auth.handleRedirect(href, { codeVerifier });
    export const me = () => getUsersMe(client, { expand: ['presence'] });`;
  // Strings only other grants and notifications carry.
  const otherGrants = [
    'client_credentials',
    'client credentials grant',
    'saml2-bearer',
    'SAML2 bearer grant',
    'implicit grant',
    'password grant',
    'authorization code grant',
  ];
  const notificationsCode = [
    'notifications.subscribe',
    'topics must be a non-empty array',
    '/api/v2/notifications/channels',
  ];

  it('a PKCE app carries the PKCE and refresh grants only, and no notifications code', async () => {
    const lean = await bundle(pkceApp);
    expect(lean).toContain('code_challenge');
    expect(lean).toContain('PKCE grant');
    expect(lean).toContain('refresh_token');
    for (const s of [...otherGrants, ...notificationsCode, 'auth.type must be one of']) {
      expect(lean, s).not.toContain(s);
    }
    // The authorize URL is built by the sign-in itself, without core's general buildAuthorizeUrl and its checks.
    expect(lean).not.toContain('authorizeUrl is not a valid URL');
    // Its token forms go out as built (no client-authentication modes of the general grants); its verifier and
    // challenge skip the checks of caller-given values; its HTTP client has no requestRaw (HttpClientCore).
    for (const s of ['client (an HttpClient) is required', 'PKCE verifier length', 'unknown PKCE method']) {
      expect(lean, s).not.toContain(s);
    }
    expect(lean).not.toMatch(/requestRaw\([a-z]/);
  });

  it('the same app on createClient carries every grant and the notifications module (what modular avoids)', async () => {
    const full = await bundle(`${users}
      import { createClient } from '@skyport/genesys-cloud';
      const client = createClient({ auth: { type: 'pkce', clientId: 'c', redirectUri: 'https://app/' } });
      export const start = () => client.auth.authorizeUrl();
      export const me = () => getUsersMe(client);`);
    for (const s of [
      'client credentials grant',
      'SAML2 bearer grant',
      'implicit grant',
      'notifications.subscribe',
    ]) {
      expect(full, s).toContain(s);
    }
  });

  it('createNotifications brings the notifications code with it', async () => {
    const withNotifications = await bundle(
      `${pkceApp} import { createNotifications } from '@skyport/genesys-cloud/modular';
      export const n = () => createNotifications(client).subscribe(['v2.users.x.presence']);`,
    );
    expect(withNotifications).toContain('notifications.subscribe');
    for (const s of otherGrants) expect(withNotifications, s).not.toContain(s);
  });
});
