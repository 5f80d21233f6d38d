// ApiClient behaviour against a login service and API started in the test: code grant with transparent,
// single-flight refresh and its bounded wait, PKCE, SAML2 bearer, required parameters, config files, hooks,
// a plugged-in http client, logout.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '@skyport/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AbstractHttpClient,
  ApiClient,
  type DefaultHttpClient,
  ErrorResponse,
  type HttpRequestOptions,
  type HttpResponse,
  RoutingApi,
  UsersApi,
} from '../src/compat/index';
import { installBrowser, useLoopback } from './compat/helpers';

const PKCE_VERIFIER = 'dBjftJeZ4CVP-mJ92IZ1ErkIDOyp4tVOI2h8xY0wJbYQ';
const REDIRECT = 'http://localhost:9999/callback';

interface Seen {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  form: Record<string, string>;
}

let server: Server;
let port: number;
let seen: Seen[] = [];
let valid = new Set<string>();
let refreshDelayMs = 0;
let issued = 0;
let limited = 0;
const challenges = new Map<string, string>();

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json', 'inin-correlation-id': `c-${seen.length}` });
  res.end(JSON.stringify(body));
}

function basic(req: IncomingMessage): [string, string] | undefined {
  const h = req.headers.authorization;
  if (!h?.startsWith('Basic ')) return undefined;
  const [id, secret] = Buffer.from(h.slice(6), 'base64').toString().split(':');
  return [id ?? '', secret ?? ''];
}

function token(res: ServerResponse, prefix: string, refresh?: string) {
  const access = `${prefix}-${++issued}`;
  valid.add(access);
  send(res, 200, {
    access_token: access,
    token_type: 'bearer',
    expires_in: 3600,
    ...(refresh ? { refresh_token: refresh } : {}),
  });
}

async function handle(req: IncomingMessage, res: ServerResponse, raw: string) {
  const url = new URL(req.url ?? '/', 'http://x');
  const form = Object.fromEntries(new URLSearchParams(raw));
  seen.push({ method: req.method ?? '', path: url.pathname + url.search, headers: req.headers, form });
  if (url.pathname === '/login/oauth/token') {
    const creds = basic(req);
    switch (form.grant_type) {
      case 'authorization_code':
        if (form.code_verifier !== undefined) {
          const challenge = createHash('sha256').update(form.code_verifier).digest('base64url');
          if (
            challenges.get(form.code ?? '') !== challenge ||
            form.client_id !== 'pkce-client' ||
            form.redirect_uri !== REDIRECT
          ) {
            return send(res, 400, { error: 'invalid_grant', error_description: 'PKCE verification failed' });
          }
          return token(res, 'pkce');
        }
        if (creds?.[0] !== 'code-client' || creds[1] !== 'code-secret') {
          return send(res, 401, { error: 'invalid_client', error_description: 'bad client' });
        }
        if (form.code !== 'good-code' || form.redirect_uri !== REDIRECT) {
          return send(res, 400, { error: 'invalid_grant', error_description: 'unknown code' });
        }
        return token(res, 'code', 'refresh-1');
      case 'refresh_token':
        if (form.refresh_token !== 'refresh-1') {
          return send(res, 400, { error: 'invalid_grant', error_description: 'unknown refresh token' });
        }
        await new Promise((r) => setTimeout(r, refreshDelayMs));
        return token(res, 'refreshed', 'refresh-1');
      case 'urn:ietf:params:oauth:grant-type:saml2-bearer': {
        const xml = Buffer.from(form.assertion ?? '', 'base64').toString();
        if (!xml.includes('<saml:Assertion') || form.orgName !== 'acme') {
          return send(res, 400, { error: 'invalid_grant', error_description: 'bad assertion' });
        }
        return token(res, 'saml');
      }
      default:
        return send(res, 400, {
          error: 'unsupported_grant_type',
          error_description: String(form.grant_type),
        });
    }
  }
  const bearer = req.headers.authorization?.replace(/^Bearer /, '') ?? '';
  if (!valid.has(bearer)) {
    return send(res, 401, { status: 401, code: 'bad.credentials', message: 'Invalid login credentials.' });
  }
  if (url.pathname === '/api/v2/routing/queues' && limited > 0) {
    limited--;
    res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '0' });
    return res.end(
      JSON.stringify({ status: 429, code: 'too.many.requests', message: 'Rate limit exceeded' }),
    );
  }
  if (url.pathname === '/api/v2/routing/queues') return send(res, 200, { entities: [], pageCount: 0 });
  if (url.pathname === '/api/v2/users/me' || url.pathname === '/api/v2/tokens/me') {
    return send(res, 200, { id: 'me', name: 'Ada', token: bearer });
  }
  return send(res, 404, { status: 404, code: 'not.found', message: `no route ${url.pathname}` });
}

function client(): ApiClient {
  const c = new ApiClient({ register: false });
  useLoopback(c, port);
  return c;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => {
      raw += c.toString();
    });
    req.on('end', () => void handle(req, res, raw));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});

beforeEach(() => {
  seen = [];
  valid = new Set();
  refreshDelayMs = 0;
});

describe('authorization code grant', () => {
  it('logs in, keeps the refresh token and refreshes once for many concurrent 401s', async () => {
    const c = client();
    const auth = await c.loginCodeAuthorizationGrant('code-client', 'code-secret', 'good-code', REDIRECT);
    expect(auth.accessToken).toMatch(/^code-/);
    expect(auth.refreshToken).toBe('refresh-1');
    expect(auth.tokenExpiryTime).toBeGreaterThan(Date.now() + 3500_000);
    const users = new UsersApi(c);
    expect((await users.getUsersMe()).token).toBe(auth.accessToken);

    valid.clear(); // the access token expires on the server
    seen = [];
    const results = await Promise.all(Array.from({ length: 5 }, () => users.getUsersMe()));
    const refreshes = seen.filter((s) => s.form.grant_type === 'refresh_token');
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from('code-client:code-secret').toString('base64')}`,
    );
    const fresh = c.authData.accessToken;
    expect(fresh).toMatch(/^refreshed-/);
    for (const r of results) expect(r.token).toBe(fresh);
  });

  it('callers waiting for a refresh give up after refresh_token_wait_max seconds', async () => {
    const c = client();
    await c.loginCodeAuthorizationGrant('code-client', 'code-secret', 'good-code', REDIRECT);
    c.config.refresh_token_wait_max = 0.2;
    refreshDelayMs = 800;
    valid.clear();
    const users = new UsersApi(c);
    const first = users.getUsersMe();
    await vi.waitFor(() => expect(seen.some((s) => s.form.grant_type === 'refresh_token')).toBe(true));
    const waiting = await users.getUsersMe().catch((e: unknown) => e);
    expect(waiting).toBeInstanceOf(Error);
    expect((waiting as Error).message).toBe('Token refresh took longer than 0.2 seconds');
    expect((await first).token).toMatch(/^refreshed-/);
  });

  it('no refresh when refresh_access_token is off: the 401 is returned', async () => {
    const c = client();
    await c.loginCodeAuthorizationGrant('code-client', 'code-secret', 'good-code', REDIRECT);
    c.config.refresh_access_token = false;
    valid.clear();
    const err = await new UsersApi(c).getUsersMe().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ErrorResponse);
    expect((err as ErrorResponse).status).toBe(401);
    expect((err as ErrorResponse).body).toMatchObject({ code: 'bad.credentials' });
    expect(seen.some((s) => s.form.grant_type === 'refresh_token')).toBe(false);
  });

  it('a rejected code keeps the OAuth error body', async () => {
    const err = (await client()
      .loginCodeAuthorizationGrant('code-client', 'code-secret', 'stale-code', REDIRECT)
      .catch((e: unknown) => e)) as ErrorResponse;
    expect(err.status).toBe(400);
    expect(err.body).toEqual({ error: 'invalid_grant', error_description: 'unknown code' });
    expect(err.error).toBeInstanceOf(Error);
  });
});

describe('PKCE', () => {
  it('verifier and challenge follow RFC 7636', async () => {
    const c = client();
    const v = c.generatePKCECodeVerifier(128);
    expect(v).toMatch(/^[A-Za-z0-9\-._~]{128}$/);
    expect(c.generatePKCECodeVerifier(43)).toHaveLength(43);
    expect(() => c.generatePKCECodeVerifier(42)).toThrow(/between 43 and 128/);
    expect(() => c.generatePKCECodeVerifier(129)).toThrow(/between 43 and 128/);
    expect(await c.computePKCECodeChallenge(PKCE_VERIFIER)).toBe(
      createHash('sha256').update(PKCE_VERIFIER).digest('base64url'),
    );
    expect(() => c.computePKCECodeChallenge('short')).toThrow(/between 43 and 128/);
  });

  it('authorizePKCEGrant exchanges the code with the verifier, without a client secret', async () => {
    const c = client();
    challenges.set('pkce-code', await c.computePKCECodeChallenge(PKCE_VERIFIER));
    const auth = await c.authorizePKCEGrant('pkce-client', PKCE_VERIFIER, 'pkce-code', REDIRECT);
    expect(auth.accessToken).toMatch(/^pkce-/);
    const req = seen.find((s) => s.path === '/login/oauth/token');
    expect(req?.headers.authorization).toBeUndefined();
    expect(req?.form).toEqual({
      grant_type: 'authorization_code',
      code: 'pkce-code',
      code_verifier: PKCE_VERIFIER,
      client_id: 'pkce-client',
      redirect_uri: REDIRECT,
    });
    expect((await new UsersApi(c).getUsersMe()).token).toBe(auth.accessToken);
    const wrong = await c
      .authorizePKCEGrant('pkce-client', `${PKCE_VERIFIER}x`, 'pkce-code', REDIRECT)
      .catch((e: unknown) => e);
    expect((wrong as ErrorResponse).body).toMatchObject({ error: 'invalid_grant' });
  });

  it('loginPKCEGrant in Node without a browser says so instead of hanging', async () => {
    const c = client();
    await expect(c.loginPKCEGrant('pkce-client', REDIRECT, {}, PKCE_VERIFIER)).rejects.toThrow(
      /needs a browser/,
    );
    expect(() => c.loginPKCEGrant('pkce-client', REDIRECT)).toThrow(/Local Storage or codeVerifier/);
  });
});

describe('browser redirect logins', () => {
  it('popup logins are refused with a clear error; redirects carry the login options', async () => {
    const browser = installBrowser();
    try {
      const c = client();
      c.setAuthPopupConfiguration({ usePopup: true });
      expect(c.getAuthPopupConfiguration()).toMatchObject({ usePopup: true, popupTimeout: 120000 });
      await expect(c.loginImplicitGrant('imp', REDIRECT)).rejects.toThrow(/popups .* not supported/);
      c.updateAuthPopupConfiguration({ usePopup: false });
      void c.loginImplicitGrant('imp', REDIRECT, {
        state: 's1',
        org: 'acme',
        provider: 'okta',
        prompt: 'login',
      });
      await vi.waitFor(() => expect(browser.window.navigations).toHaveLength(1));
      const url = new URL(browser.window.navigations[0] as string);
      expect(Object.fromEntries(url.searchParams)).toEqual({
        client_id: 'imp',
        redirect_uri: REDIRECT,
        response_type: 'token',
        state: 's1',
        org: 'acme',
        provider: 'okta',
        prompt: 'login',
      });
      await expect(c.loginImplicitGrant('imp', REDIRECT, { org: 'acme' })).rejects.toThrow(/opts.provider/);
    } finally {
      browser.uninstall();
    }
  });

  it('loginPKCEGrant: redirect with an S256 challenge, then the code exchange on the way back', async () => {
    const browser = installBrowser();
    try {
      const c = client();
      void c.loginPKCEGrant('pkce-client', REDIRECT, { state: 'st' });
      await vi.waitFor(() => expect(browser.window.navigations).toHaveLength(1));
      const url = new URL(browser.window.navigations[0] as string);
      expect(url.searchParams.get('response_type')).toBe('code');
      expect(url.searchParams.get('code_challenge_method')).toBe('S256');
      const verifier = sessionStorage.getItem('purecloud_pkce_code_verifier') as string;
      expect(verifier).toMatch(/^[A-Za-z0-9\-._~]{128}$/);
      expect(url.searchParams.get('code_challenge')).toBe(
        createHash('sha256').update(verifier).digest('base64url'),
      );
      // The login service redirects back with ?code=…&state=…; a new page load runs loginPKCEGrant again.
      challenges.set('code-from-redirect', url.searchParams.get('code_challenge') as string);
      browser.window.location.search = '?code=code-from-redirect&state=st';
      const page2 = client();
      const auth = await page2.loginPKCEGrant('pkce-client', REDIRECT, { state: 'st' });
      expect(auth.accessToken).toMatch(/^pkce-/);
      expect(auth.state).toBe('st');
      expect(browser.window.location.search).toBe('');
      expect(sessionStorage.getItem('purecloud_pkce_code_verifier')).toBeNull();
    } finally {
      browser.uninstall();
    }
  });
});

describe('SAML2 bearer grant', () => {
  it('exchanges an assertion for a token', async () => {
    const assertion = Buffer.from('<saml:Assertion ID="a1">…</saml:Assertion>').toString('base64');
    const c = client();
    const auth = await c.loginSaml2BearerGrant('saml-client', 'saml-secret', 'acme', assertion);
    expect(auth.accessToken).toMatch(/^saml-/);
    expect(seen[0]?.form).toEqual({
      grant_type: 'urn:ietf:params:oauth:grant-type:saml2-bearer',
      orgName: 'acme',
      assertion,
    });
    const bad = await c
      .loginSaml2BearerGrant('saml-client', 'saml-secret', 'other', assertion)
      .catch((e: unknown) => e);
    expect((bad as ErrorResponse).body).toMatchObject({ error: 'invalid_grant' });
  });
});

describe('calls', () => {
  it('a missing required parameter rejects before anything is sent', async () => {
    const c = client();
    c.setAccessToken('t');
    const err = await new UsersApi(c).getUser(undefined as unknown as string).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as Error).message).toBe('Missing the required parameter "userId" when calling getUser');
    const body = await new UsersApi(c).patchUser('u1', undefined as never).catch((e: unknown) => e);
    expect((body as Error).message).toBe('Missing the required parameter "body" when calling patchUser');
    expect(seen).toHaveLength(0);
  });

  it('invalid customHeaders are refused with the header named', async () => {
    const c = client();
    await expect(new UsersApi(c).getUsersMe({ customHeaders: { 'Bad Header': 'x' } })).rejects.toThrow(
      /"Bad Header"/,
    );
    await expect(
      new UsersApi(c).getUsersMe({ customHeaders: { 'X-Ok': 5 as unknown as string } }),
    ).rejects.toThrow(/X-Ok/);
    expect(seen).toHaveLength(0);
  });

  it('pre and post hooks see and may change each request and response', async () => {
    const c = client();
    valid.add('hooked');
    c.setPreHook((config: HttpRequestOptions) => {
      config.headers = { ...config.headers, Authorization: 'Bearer hooked' };
      return config;
    });
    c.setPostHook((response: HttpResponse) => ({
      ...response,
      data: { ...(response.data as object), via: 'post-hook' },
    }));
    expect(await new UsersApi(c).getUsersMe()).toEqual({
      id: 'me',
      name: 'Ada',
      token: 'hooked',
      via: 'post-hook',
    });
    expect(() => c.setPreHook((() => undefined) as never)).toThrow(/one argument/);
  });

  it('setHttpClient: a custom client gets HttpRequestOptions and its rejections keep the response', async () => {
    const requests: HttpRequestOptions[] = [];
    class Recording extends AbstractHttpClient {
      async request(options: HttpRequestOptions): Promise<HttpResponse> {
        requests.push(options);
        if (options.url.includes('/users/me')) {
          return { status: 200, statusText: 'OK', headers: { 'x-from': 'custom' }, data: { id: 'custom' } };
        }
        throw Object.assign(new Error('Request failed with status code 418'), {
          response: { status: 418, statusText: 'Teapot', headers: {}, data: { message: 'short and stout' } },
        });
      }
    }
    const c = client();
    c.setAccessToken('tok');
    c.setHttpClient(new Recording());
    expect(await new UsersApi(c).getUsersMe({ expand: ['presence'] })).toEqual({ id: 'custom' });
    expect(requests[0]?.url).toBe(`http://127.0.0.1:${port}/api/v2/users/me?expand=presence`);
    expect(requests[0]?.headers?.Authorization).toBe('Bearer tok');
    expect(requests[0]?.timeout).toBe(16000);
    const err = (await new UsersApi(c).getUser('x').catch((e: unknown) => e)) as ErrorResponse;
    expect(err.status).toBe(418);
    expect(err.message).toBe('short and stout');
    expect(err.error.message).toBe('Request failed with status code 418');
    expect(() => c.setHttpClient({} as never)).toThrow(/AbstractHttpClient/);
    expect(seen).toHaveLength(0);
  });

  it('one request per call by default (no retries, as the official SDK); retries can be switched on', async () => {
    const c = client();
    valid.add('tok');
    c.setAccessToken('tok');
    const routing = new RoutingApi(c);
    limited = 1;
    const err = (await routing.getRoutingQueues().catch((e: unknown) => e)) as ErrorResponse;
    expect(err.status).toBe(429);
    expect(err.headers['retry-after']).toBe('0');
    expect(seen.filter((s) => s.path.startsWith('/api/v2/routing/queues'))).toHaveLength(1);

    (c.getHttpClient() as DefaultHttpClient).configure({ retry: { maxRetries: 2 } });
    seen = [];
    limited = 2;
    expect(await routing.getRoutingQueues()).toEqual({ entities: [], pageCount: 0 });
    expect(seen.filter((s) => s.path.startsWith('/api/v2/routing/queues'))).toHaveLength(3);
    limited = 0;
  });

  it('logout forgets the token and gives the logout URL', () => {
    const c = client();
    c.clientId = 'cid';
    c.setAccessToken('tok');
    expect(c.logout('http://localhost/bye')).toBe(
      `http://127.0.0.1:${port}/login/logout?client_id=cid&redirect_uri=http%3A%2F%2Flocalhost%2Fbye`,
    );
    expect(c.authData.accessToken).toBeUndefined();
    expect(c.authentications['PureCloud OAuth']?.accessToken).toBeUndefined();
  });
});

describe('config file', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'skyport-compat-config-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads INI settings (logging, reauthentication, gateway) and reloads on change', async () => {
    const file = join(dir, 'config');
    writeFileSync(
      file,
      [
        '[logging]',
        'log_level = trace',
        'log_to_console = false',
        `log_file_path = ${join(dir, 'sdk.log')}`,
        '[reauthentication]',
        'refresh_access_token = false',
        'refresh_token_wait_max = 3',
        '[gateway]',
        'host = 127.0.0.1',
        'protocol = http',
        `port = ${port}`,
        'path_params_login = login',
        '',
      ].join('\n'),
    );
    const c = new ApiClient({ register: false });
    c.config.setConfigPath(file);
    expect(c.config.logger.log_level).toBe('trace');
    expect(c.config.refresh_access_token).toBe(false);
    expect(c.config.refresh_token_wait_max).toBe(3);
    expect(c.config.getConfUrl('api', c.config.basePath)).toBe(`http://127.0.0.1:${port}`);
    await c.loginCodeAuthorizationGrant('code-client', 'code-secret', 'good-code', REDIRECT);
    expect((await new UsersApi(c).getUsersMe()).name).toBe('Ada');

    writeFileSync(file, '[general]\nhost = mypurecloud.de\n[reauthentication]\nrefresh_token_wait_max = 7\n');
    await vi.waitFor(() => expect(c.config.refresh_token_wait_max).toBe(7), { timeout: 5000 });
    expect(c.config.basePath).toBe('https://api.mypurecloud.de');
    expect(c.config.gateway).toBeUndefined();
    c.config.setConfigPath('');
  });

  it('a malformed file is reported with its line and changes nothing', () => {
    const file = join(dir, 'bad');
    writeFileSync(file, '[reauthentication]\nrefresh_token_wait_max = soon\n');
    const c = new ApiClient({ register: false });
    c.config.live_reload_config = false;
    c.config.setConfigPath(file);
    expect(c.config.refresh_token_wait_max).toBe(10);
    expect(c.config.lastConfigError?.message).toMatch(/refresh_token_wait_max/);
    expect(() => c.config.updateConfigFromFile()).toThrow(/line 2|:2/);
  });
});
