import { afterEach, describe, expect, it } from 'vitest';
import {
  AuthError,
  computePkceChallenge,
  generatePkceVerifier,
  HttpClient,
  keepRefreshToken,
  oauth,
  pkceS256,
  pkceVerifier,
  postTokenForm,
  ValidationError,
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

async function tokenServer() {
  srv = await startServer((req, res) => {
    const form = new URLSearchParams(req.body);
    if (form.get('grant_type') === 'bad')
      return json(res, 400, { error: 'invalid_grant', error_description: 'nope' });
    json(res, 200, {
      access_token: 'AT',
      refresh_token: 'RT',
      expires_in: 60,
      token_type: 'bearer',
      scope: 's',
    });
  });
  // The login base differs from the API base (Genesys): grants go to loginUrl.
  client = new HttpClient({ baseUrl: 'http://127.0.0.1:1/unused', loginUrl: `${srv.url}/login` });
  return srv;
}

describe('grants', () => {
  it('client credentials: HTTP Basic client auth, form body, TokenSet with expiry', async () => {
    const s = await tokenServer();
    const before = Date.now();
    const t = await oauth.clientCredentials({ client: client!, clientId: 'cid', clientSecret: 's3cr:et' });
    const r = s.requests[0]!;
    expect(r.url).toBe('/login/oauth/token');
    expect(r.headers.authorization).toBe(`Basic ${Buffer.from('cid:s3cr:et').toString('base64')}`);
    expect(r.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(r.body).toBe('grant_type=client_credentials');
    expect(t.accessToken).toBe('AT');
    expect(t.refreshToken).toBe('RT');
    expect(t.expiresAt).toBeGreaterThanOrEqual(before + 60_000);
    expect(t.raw?.scope).toBe('s');
  });

  it('authorization code, refresh, PKCE and SAML2 bearer send the right fields', async () => {
    const s = await tokenServer();
    const c = client!;
    await oauth.authorizationCode({
      client: c,
      clientId: 'cid',
      clientSecret: 'sec',
      code: 'C',
      redirectUri: 'https://app/cb',
    });
    await oauth.refreshToken({ client: c, clientId: 'cid', clientSecret: 'sec', refreshToken: 'R0' });
    await oauth.pkceToken({
      client: c,
      clientId: 'cid',
      code: 'C2',
      codeVerifier: 'V',
      redirectUri: 'https://app/cb',
    });
    await oauth.saml2Bearer({
      client: c,
      clientId: 'cid',
      clientSecret: 'sec',
      orgName: 'org',
      assertion: 'QUJD',
    });
    const forms = s.requests.map((r) => Object.fromEntries(new URLSearchParams(r.body)));
    expect(forms[0]).toEqual({ grant_type: 'authorization_code', code: 'C', redirect_uri: 'https://app/cb' });
    expect(forms[1]).toEqual({ grant_type: 'refresh_token', refresh_token: 'R0' });
    // PKCE is a public client: no secret, client_id in the body, no Basic header.
    expect(forms[2]).toEqual({
      grant_type: 'authorization_code',
      code: 'C2',
      code_verifier: 'V',
      redirect_uri: 'https://app/cb',
      client_id: 'cid',
    });
    expect(s.requests[2]!.headers.authorization).toBeUndefined();
    expect(forms[3]).toEqual({
      grant_type: 'urn:ietf:params:oauth:grant-type:saml2-bearer',
      orgName: 'org',
      assertion: 'QUJD',
    });
  });

  it('password grant puts client id and secret in the form body (Particle style)', async () => {
    const s = await tokenServer();
    await oauth.password({
      client: client!,
      clientId: 'particle',
      clientSecret: 'particle',
      username: 'u@example.com',
      password: 'pw',
      extra: { expires_in: 3600 },
    });
    const form = Object.fromEntries(new URLSearchParams(s.requests[0]!.body));
    expect(form).toEqual({
      grant_type: 'password',
      username: 'u@example.com',
      password: 'pw',
      expires_in: '3600',
      client_id: 'particle',
      client_secret: 'particle',
    });
    expect(s.requests[0]!.headers.authorization).toBeUndefined();
  });

  it('a failed grant is an AuthError with the OAuth code and the ApiError as cause', async () => {
    await tokenServer();
    const err = await oauth
      .clientCredentials({ client: client!, clientId: 'c', clientSecret: 's', extra: { grant_type: 'bad' } })
      .then(unexpected, caught);
    expect(err).toBeInstanceOf(AuthError);
    expect(err.code).toBe('invalid_grant');
    expect(err.message).toContain('nope');
    expect(err.cause.status).toBe(400);
    expect(err.cause.body.error).toBe('invalid_grant');
  });

  it('missing inputs are ValidationErrors', async () => {
    await tokenServer();
    await expect(
      oauth.clientCredentials({ client: client!, clientId: 'c', clientSecret: '' }),
    ).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('PKCE', () => {
  it('reproduces the RFC 7636 appendix B example', async () => {
    const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
    expect(await computePkceChallenge(verifier)).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    expect(await computePkceChallenge(verifier, 'plain')).toBe(verifier);
  });

  it('generates verifiers of 43..128 unreserved characters', () => {
    for (const n of [43, 64, 128]) {
      const v = generatePkceVerifier(n);
      expect(v).toHaveLength(n);
      expect(v).toMatch(/^[A-Za-z0-9\-._~]+$/);
    }
    expect(generatePkceVerifier()).toHaveLength(128);
    expect(generatePkceVerifier(64)).not.toBe(generatePkceVerifier(64));
    expect(() => generatePkceVerifier(42)).toThrow(ValidationError);
    expect(() => generatePkceVerifier(129)).toThrow(ValidationError);
  });
});

describe('implicit grant', () => {
  it('builds the authorize URL with a random state and parses the redirect', async () => {
    const { url, state } = await oauth.buildAuthorizeUrl({
      authorizeUrl: 'https://login.example.com/oauth/authorize',
      clientId: 'cid',
      redirectUri: 'https://app.example.com/cb',
    });
    const u = new URL(url);
    expect(u.searchParams.get('response_type')).toBe('token');
    expect(u.searchParams.get('client_id')).toBe('cid');
    expect(u.searchParams.get('redirect_uri')).toBe('https://app.example.com/cb');
    expect(u.searchParams.get('state')).toBe(state);
    expect(state.length).toBeGreaterThanOrEqual(16);
    const t = oauth.parseImplicitRedirect(
      `https://app.example.com/cb#access_token=XYZ&token_type=bearer&expires_in=86399&state=${state}`,
      state,
    );
    expect(t.accessToken).toBe('XYZ');
    expect(t.expiresAt).toBeGreaterThan(Date.now());
  });

  it('rejects a state mismatch', () => {
    expect(() => oauth.parseImplicitRedirect('#access_token=XYZ&state=evil', 'expected')).toThrow(AuthError);
    expect(() => oauth.parseImplicitRedirect('#access_token=XYZ', 'expected')).toThrow(/state mismatch/);
  });

  it('surfaces an OAuth error in the redirect', () => {
    const err = (() => {
      try {
        oauth.parseImplicitRedirect('#error=access_denied&error_description=User+said+no&state=s', 's');
      } catch (e) {
        return e as AuthError;
      }
    })();
    expect(err).toBeInstanceOf(AuthError);
    expect(err?.code).toBe('access_denied');
  });

  it('adds a PKCE challenge for the code flow', async () => {
    const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
    const { url } = await oauth.buildAuthorizeUrl({
      authorizeUrl: 'https://login.example.com/oauth/authorize',
      clientId: 'cid',
      redirectUri: 'https://app/cb',
      responseType: 'code',
      codeVerifier: verifier,
      state: 'fixed',
    });
    const u = new URL(url);
    expect(u.searchParams.get('code_challenge')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    expect(u.searchParams.get('code_challenge_method')).toBe('S256');
    expect(u.searchParams.get('state')).toBe('fixed');
  });
});

describe('WebCrypto without the global (as on Node 18)', () => {
  it('falls back to node:crypto webcrypto in the Node build', async () => {
    const { spawnSync } = await import('node:child_process');
    const { join } = await import('node:path');
    const script = `delete globalThis.crypto;
      const m = require(${JSON.stringify(join(__dirname, '../dist/index.cjs'))});
      m.computePkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk').then((c) => console.log(c + ' ' + m.generatePkceVerifier(50).length));`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM 50');
  });
});

describe('the parts the grants are built on', () => {
  it('postTokenForm posts the form as given to the login base and maps a refusal to AuthError', async () => {
    const s = await tokenServer();
    const before = Date.now();
    const t = await postTokenForm('PKCE grant', client!, {
      grant_type: 'authorization_code',
      code: 'C',
      client_id: 'cid',
    });
    const r = s.requests[0]!;
    expect(r.url).toBe('/login/oauth/token');
    expect(r.headers.authorization).toBeUndefined();
    expect(r.body).toBe('grant_type=authorization_code&code=C&client_id=cid');
    expect(t).toMatchObject({ accessToken: 'AT', refreshToken: 'RT', tokenType: 'bearer' });
    expect(t.expiresAt).toBeGreaterThanOrEqual(before + 60_000);
    await postTokenForm('x', client!, { a: '1' }, { 'x-h': 'v' }, '/custom/token');
    expect(s.requests[1]).toMatchObject({ url: '/login/custom/token', body: 'a=1' });
    expect(s.requests[1]?.headers['x-h']).toBe('v');
    const err = await postTokenForm('PKCE grant', client!, { grant_type: 'bad' }).then(unexpected, caught);
    expect(err).toBeInstanceOf(AuthError);
    expect(err.message).toBe('PKCE grant failed with status 400 (invalid_grant): nope');
    expect(err.code).toBe('invalid_grant');
    expect(err.cause.status).toBe(400);
  });

  it('keepRefreshToken keeps the refresh token used when the answer has none', () => {
    expect(keepRefreshToken({ accessToken: 'a' }, 'r')).toEqual({ accessToken: 'a', refreshToken: 'r' });
    const fresh = { accessToken: 'a', refreshToken: 'new' };
    expect(keepRefreshToken(fresh, 'r')).toBe(fresh);
  });

  it('pkceVerifier makes unchecked-length verifiers; pkceS256 is the S256 challenge (RFC 7636 appendix B)', async () => {
    expect(pkceVerifier()).toMatch(/^[A-Za-z0-9\-._~]{128}$/);
    expect(pkceVerifier(43)).toMatch(/^[A-Za-z0-9\-._~]{43}$/);
    expect(pkceVerifier()).not.toBe(pkceVerifier());
    const v = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
    expect(await pkceS256(v)).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    expect(await computePkceChallenge(v)).toBe(await pkceS256(v));
    expect(() => generatePkceVerifier(42)).toThrow(ValidationError);
  });
});
