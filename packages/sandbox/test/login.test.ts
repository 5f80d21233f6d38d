import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, signSamlAssertion, startSandbox } from '../src/index.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ seed: 3, tokenTtlSeconds: 60, rateLimitPerMinute: 10_000 });
});
afterAll(() => sb.close());
beforeEach(() => sb.reset());

const CALLBACK = 'http://127.0.0.1:53123/callback';

function authorizeUrl(params: Record<string, string>) {
  return `${sb.genesys.loginUrl}/oauth/authorize?${new URLSearchParams(params)}`;
}

const noFollow = (url: string, init: RequestInit = {}) => fetch(url, { ...init, redirect: 'manual' });

function form(body: Record<string, string>, headers: Record<string, string> = {}) {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(body).toString(),
  };
}

const token = (body: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${sb.genesys.loginUrl}/oauth/token`, form(body, headers));

const basic = (id: string, secret: string) => ({
  authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
});

function pkce(method: 'S256' | 'plain' = 'S256') {
  const verifier = randomBytes(48).toString('base64url');
  const challenge = method === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
  return { verifier, challenge };
}

/** Runs /authorize non-interactively for users[i] and returns the redirect Location. */
async function authorize(params: Record<string, string>, user = 0): Promise<URL> {
  const u = sb.genesys.users[user];
  if (!u) throw new Error('no seeded user');
  const res = await noFollow(authorizeUrl({ ...params, login_hint: u.username, password: u.password }));
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location') as string);
}

async function me(accessToken: string) {
  const res = await fetch(`${sb.url}/api/v2/users/me`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  return { status: res.status, body: (await res.json()) as { id: string; email: string; code?: string } };
}

describe('seeded login data', () => {
  it('exposes clients and users with passwords and roles', () => {
    expect(sb.genesys.pkceClientId).toBe('sandbox-pkce-client');
    expect(sb.genesys.codeClientId).toBe('sandbox-code-client');
    expect(sb.genesys.codeClientSecret).not.toBe('');
    expect(sb.genesys.users.length).toBeGreaterThanOrEqual(2);
    expect(sb.genesys.users[0]?.roles).toEqual(['admin']);
    expect(sb.genesys.users[1]?.roles).toEqual(['employee']);
    expect(sb.state.genesys.users.get(sb.genesys.users[1]?.id as string)?.email).toBe(
      sb.genesys.users[1]?.username,
    );
  });
});

describe('authorization code flow with PKCE', () => {
  for (const method of ['S256', 'plain'] as const) {
    it(`exchanges a code with a ${method} verifier for tokens of the signed-in user`, async () => {
      const { verifier, challenge } = pkce(method);
      const loc = await authorize(
        {
          client_id: sb.genesys.pkceClientId,
          response_type: 'code',
          redirect_uri: CALLBACK,
          state: 'xyz 1',
          code_challenge: challenge,
          code_challenge_method: method,
        },
        1,
      );
      expect(`${loc.origin}${loc.pathname}`).toBe(CALLBACK);
      expect(loc.searchParams.get('state')).toBe('xyz 1');
      const code = loc.searchParams.get('code') as string;
      expect(code).toMatch(/^[0-9a-f]{20,}$/);
      const res = await token({
        grant_type: 'authorization_code',
        client_id: sb.genesys.pkceClientId,
        code,
        redirect_uri: CALLBACK,
        code_verifier: verifier,
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const body = (await res.json()) as { access_token: string; refresh_token: string; expires_in: number };
      expect(body.expires_in).toBe(60);
      expect(body.refresh_token).toEqual(expect.any(String));
      const who = await me(body.access_token);
      expect(who.status).toBe(200);
      expect(who.body.id).toBe(sb.genesys.users[1]?.id);
    });
  }

  it('refuses a wrong verifier, then a replayed code, and a replay revokes the tokens it issued', async () => {
    const { verifier, challenge } = pkce();
    const loc = await authorize({
      client_id: sb.genesys.pkceClientId,
      response_type: 'code',
      redirect_uri: CALLBACK,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const code = loc.searchParams.get('code') as string;
    const base = {
      grant_type: 'authorization_code',
      client_id: sb.genesys.pkceClientId,
      code,
      redirect_uri: CALLBACK,
    };
    const wrong = await token({ ...base, code_verifier: pkce().verifier });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toEqual({
      error: 'invalid_grant',
      error_description: expect.stringMatching(/code_verifier/),
    });
    const missing = await token(base);
    expect(((await missing.json()) as { error: string }).error).toBe('invalid_request');
    const ok = await token({ ...base, code_verifier: verifier });
    expect(ok.status).toBe(200);
    const { access_token } = (await ok.json()) as { access_token: string };
    expect((await me(access_token)).status).toBe(200);
    const replay = await token({ ...base, code_verifier: verifier });
    expect(replay.status).toBe(400);
    expect(((await replay.json()) as { error_description: string }).error_description).toMatch(
      /already used/,
    );
    expect((await me(access_token)).status).toBe(401);
  });

  it('requires the same redirect_uri at the token endpoint and refuses an expired code', async () => {
    const { verifier, challenge } = pkce();
    const params = {
      client_id: sb.genesys.pkceClientId,
      response_type: 'code',
      redirect_uri: CALLBACK,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    };
    const code = (await authorize(params)).searchParams.get('code') as string;
    const other = await token({
      grant_type: 'authorization_code',
      client_id: sb.genesys.pkceClientId,
      code,
      redirect_uri: 'http://127.0.0.1:1/other',
      code_verifier: verifier,
    });
    expect(((await other.json()) as { error: string }).error).toBe('invalid_grant');
    const code2 = (await authorize(params)).searchParams.get('code') as string;
    sb.advanceClock(6 * 60_000);
    const late = await token({
      grant_type: 'authorization_code',
      client_id: sb.genesys.pkceClientId,
      code: code2,
      redirect_uri: CALLBACK,
      code_verifier: verifier,
    });
    expect(await late.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'authorization code has expired',
    });
  });

  it('makes a public client use PKCE and a confidential client authenticate', async () => {
    const noPkce = await noFollow(
      authorizeUrl({ client_id: sb.genesys.pkceClientId, response_type: 'code', redirect_uri: CALLBACK }),
    );
    expect(noPkce.status).toBe(302);
    const loc = new URL(noPkce.headers.get('location') as string);
    expect(loc.searchParams.get('error')).toBe('invalid_request');

    const code = (
      await authorize({
        client_id: sb.genesys.codeClientId,
        response_type: 'code',
        redirect_uri: CALLBACK,
        state: 's',
      })
    ).searchParams.get('code') as string;
    const body = { grant_type: 'authorization_code', code, redirect_uri: CALLBACK };
    const noSecret = await token({ ...body, client_id: sb.genesys.codeClientId });
    expect(noSecret.status).toBe(401);
    expect(((await noSecret.json()) as { error: string }).error).toBe('invalid_client');
    const ok = await token(body, basic(sb.genesys.codeClientId, sb.genesys.codeClientSecret));
    expect(ok.status).toBe(200);
    const { access_token } = (await ok.json()) as { access_token: string };
    expect((await me(access_token)).body.id).toBe(sb.genesys.users[0]?.id);
  });

  it('rejects a bad code_challenge_method by redirecting with an RFC 6749 error and the state', async () => {
    const res = await noFollow(
      authorizeUrl({
        client_id: sb.genesys.pkceClientId,
        response_type: 'code',
        redirect_uri: CALLBACK,
        state: 'abc',
        code_challenge: pkce().challenge,
        code_challenge_method: 'S512',
      }),
    );
    const loc = new URL(res.headers.get('location') as string);
    expect(Object.fromEntries(loc.searchParams)).toEqual({
      error: 'invalid_request',
      error_description: 'code_challenge_method must be S256 or plain',
      state: 'abc',
    });
  });
});

describe('authorize errors never redirect to unknown places', () => {
  it('answers an error page for an unknown client or an unregistered redirect_uri', async () => {
    const unknown = await noFollow(
      authorizeUrl({ client_id: 'nope', response_type: 'token', redirect_uri: CALLBACK }),
    );
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('location')).toBeNull();
    expect(unknown.headers.get('content-type')).toMatch(/text\/html/);
    expect(await unknown.text()).toContain('unknown client_id nope');
    for (const uri of [
      'https://evil.example/cb',
      'http://127.0.0.2:80/cb',
      'not a url',
      'http://localhost:8080/#x',
    ]) {
      const res = await noFollow(
        authorizeUrl({ client_id: sb.genesys.implicitClientId, response_type: 'token', redirect_uri: uri }),
      );
      expect(res.status, uri).toBe(400);
      expect(res.headers.get('location'), uri).toBeNull();
    }
    const exact = await noFollow(
      authorizeUrl({
        client_id: sb.genesys.codeClientId,
        response_type: 'code',
        redirect_uri: 'https://app.sandbox.example/callback/extra',
      }),
    );
    expect(exact.status).toBe(400);
  });

  it('redirects unsupported_response_type and unauthorized_client to a registered URI', async () => {
    const rt = await noFollow(
      authorizeUrl({ client_id: sb.genesys.codeClientId, response_type: 'id_token', redirect_uri: CALLBACK }),
    );
    expect(new URL(rt.headers.get('location') as string).searchParams.get('error')).toBe(
      'unsupported_response_type',
    );
    const implicitForCode = await noFollow(
      authorizeUrl({ client_id: sb.genesys.codeClientId, response_type: 'token', redirect_uri: CALLBACK }),
    );
    const hash = new URLSearchParams(
      new URL(implicitForCode.headers.get('location') as string).hash.slice(1),
    );
    expect(hash.get('error')).toBe('unauthorized_client');
  });
});

describe('implicit flow and the login form', () => {
  it('signs in through the HTML form, keeps a browser session, and logout ends it', async () => {
    const params = {
      client_id: sb.genesys.implicitClientId,
      response_type: 'token',
      redirect_uri: 'http://localhost:8080/app',
      state: 'st8',
    };
    const formPage = await noFollow(authorizeUrl(params));
    expect(formPage.status).toBe(200);
    const html = await formPage.text();
    expect(html).toContain('<form method="post" action="/login/oauth/authorize">');
    expect(html).toContain('name="username"');
    expect(html).toContain('name="password"');
    expect(html).toContain('<input type="hidden" name="state" value="st8">');

    const user = sb.genesys.users[1] as { username: string; password: string; id: string };
    const bad = await noFollow(
      `${sb.genesys.loginUrl}/oauth/authorize`,
      form({ ...params, username: user.username, password: 'x' }),
    );
    expect(bad.status).toBe(401);
    expect(await bad.text()).toContain('wrong password');

    const posted = await noFollow(
      `${sb.genesys.loginUrl}/oauth/authorize`,
      form({ ...params, username: user.username, password: user.password }),
    );
    expect(posted.status).toBe(302);
    const loc = new URL(posted.headers.get('location') as string);
    expect(loc.origin + loc.pathname).toBe('http://localhost:8080/app');
    const frag = new URLSearchParams(loc.hash.slice(1));
    expect(frag.get('state')).toBe('st8');
    expect(frag.get('token_type')).toBe('bearer');
    expect(frag.get('expires_in')).toBe('60');
    expect((await me(frag.get('access_token') as string)).body.id).toBe(user.id);

    const cookie = (posted.headers.get('set-cookie') as string).split(';')[0] as string;
    expect(cookie).toMatch(/^skyport_genesys_session=/);
    const again = await noFollow(authorizeUrl(params), { headers: { cookie } });
    expect(again.status).toBe(302);
    expect(
      new URLSearchParams(new URL(again.headers.get('location') as string).hash.slice(1)).get('access_token'),
    ).toBeTruthy();

    const out = await noFollow(
      `${sb.genesys.loginUrl}/logout?redirect_uri=${encodeURIComponent('http://localhost:8080/bye')}`,
      {
        headers: { cookie },
      },
    );
    expect(out.status).toBe(302);
    expect(out.headers.get('location')).toBe('http://localhost:8080/bye');
    const afterLogout = await noFollow(authorizeUrl(params), { headers: { cookie } });
    expect(afterLogout.status).toBe(200);
    expect(await afterLogout.text()).toContain('<form');

    const evil = await noFollow(`${sb.genesys.loginUrl}/logout?redirect_uri=https://evil.example/`);
    expect(evil.status).toBe(400);
    expect(evil.headers.get('location')).toBeNull();
  });
});

describe('refresh tokens', () => {
  async function login() {
    const { verifier, challenge } = pkce();
    const code = (
      await authorize({
        client_id: sb.genesys.pkceClientId,
        response_type: 'code',
        redirect_uri: CALLBACK,
        code_challenge: challenge,
        code_challenge_method: 'S256',
      })
    ).searchParams.get('code') as string;
    const res = await token({
      grant_type: 'authorization_code',
      client_id: sb.genesys.pkceClientId,
      code,
      redirect_uri: CALLBACK,
      code_verifier: verifier,
    });
    return (await res.json()) as { access_token: string; refresh_token: string };
  }

  it('rotates: a refresh gives new tokens after expiry, and replaying an old refresh token revokes the login', async () => {
    const first = await login();
    sb.advanceClock(61_000);
    expect((await me(first.access_token)).status).toBe(401);
    const res = await token({
      grant_type: 'refresh_token',
      client_id: sb.genesys.pkceClientId,
      refresh_token: first.refresh_token,
    });
    expect(res.status).toBe(200);
    const second = (await res.json()) as { access_token: string; refresh_token: string };
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect((await me(second.access_token)).body.id).toBe(sb.genesys.users[0]?.id);

    const replay = await token({
      grant_type: 'refresh_token',
      client_id: sb.genesys.pkceClientId,
      refresh_token: first.refresh_token,
    });
    expect(replay.status).toBe(400);
    expect(((await replay.json()) as { error: string }).error).toBe('invalid_grant');
    expect((await me(second.access_token)).status).toBe(401);
    const afterReplay = await token({
      grant_type: 'refresh_token',
      client_id: sb.genesys.pkceClientId,
      refresh_token: second.refresh_token,
    });
    expect(((await afterReplay.json()) as { error_description: string }).error_description).toBe(
      'refresh token was revoked',
    );
  });

  it('revocation of an access token revokes its refresh token; another client cannot use it', async () => {
    const t = await login();
    const foreign = await token(
      { grant_type: 'refresh_token', refresh_token: t.refresh_token },
      basic(sb.genesys.codeClientId, sb.genesys.codeClientSecret),
    );
    expect(((await foreign.json()) as { error: string }).error).toBe('invalid_grant');
    const rev = await fetch(`${sb.genesys.loginUrl}/oauth/revoke`, form({ token: t.access_token }));
    expect(rev.status).toBe(200);
    expect((await me(t.access_token)).status).toBe(401);
    const res = await token({
      grant_type: 'refresh_token',
      client_id: sb.genesys.pkceClientId,
      refresh_token: t.refresh_token,
    });
    expect(res.status).toBe(400);
  });

  it('answers unsupported_grant_type and invalid_request in RFC 6749 form', async () => {
    const pw = await token(
      { grant_type: 'password', username: 'a', password: 'b' },
      basic(sb.genesys.clientId, sb.genesys.clientSecret),
    );
    expect(await pw.json()).toEqual({
      error: 'unsupported_grant_type',
      error_description: expect.any(String),
    });
    const noRt = await token({ grant_type: 'refresh_token', client_id: sb.genesys.pkceClientId });
    expect(await noRt.json()).toEqual({
      error: 'invalid_request',
      error_description: 'refresh_token is required',
    });
  });
});

describe('saml2-bearer grant', () => {
  const grant = 'urn:ietf:params:oauth:grant-type:saml2-bearer';
  const samlAuth = () => basic(sb.genesys.samlClientId, sb.genesys.samlClientSecret);
  const sign = (over: Partial<Parameters<typeof signSamlAssertion>[0]> = {}) => {
    const idp = sb.genesys.saml;
    return signSamlAssertion({
      privateKey: idp.privateKey as string,
      issuer: idp.issuer,
      audience: idp.audience,
      nameId: sb.genesys.users[1]?.username as string,
      now: new Date(sb.now()),
      ...over,
    });
  };
  const exchange = (assertion: string) =>
    token({ grant_type: grant, orgName: 'sandbox', assertion }, samlAuth());
  const errorOf = async (res: Response) => (await res.json()) as { error: string; error_description: string };

  it('exchanges a signed assertion for a token of the NameID user', async () => {
    const res = await exchange(sign());
    expect(res.status).toBe(200);
    const body = (await res.json()) as { access_token: string; refresh_token: string };
    expect((await me(body.access_token)).body.id).toBe(sb.genesys.users[1]?.id);
    expect(body.refresh_token).toEqual(expect.any(String));
  });

  it('refuses wrong issuer, audience, expiry, signer, tampering, bad XML and a missing orgName', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const cases: [string, string, RegExp][] = [
      ['issuer', sign({ issuer: 'https://other-idp.example' }), /Issuer .* is not trusted/],
      ['audience', sign({ audience: 'urn:other' }), /Audience urn:other does not include/],
      ['expired', sign({ notOnOrAfter: new Date(sb.now() - 1000) }), /expired/],
      ['signer', sign({ privateKey: other }), /signature does not verify/],
      [
        'tampered',
        Buffer.from(
          Buffer.from(sign(), 'base64')
            .toString('utf8')
            .replace(sb.genesys.users[1]?.username as string, sb.genesys.users[0]?.username as string),
        ).toString('base64'),
        /signature does not verify/,
      ],
      ['not xml', Buffer.from('<saml2:Assertion').toString('base64'), /not well-formed|root element/],
      [
        'unsigned',
        Buffer.from(
          Buffer.from(sign(), 'base64')
            .toString('utf8')
            .replace(/<(ds:)?Signature [\s\S]*<\/(ds:)?Signature>/, ''),
        ).toString('base64'),
        /not signed/,
      ],
      ['unknown user', sign({ nameId: 'nobody@example.com' }), /no user with NameID/],
    ];
    for (const [name, assertion, message] of cases) {
      const res = await exchange(assertion);
      expect(res.status, name).toBe(400);
      const err = await errorOf(res);
      expect(err.error, name).toBe('invalid_grant');
      expect(err.error_description, name).toMatch(message);
    }
    const noOrg = await token({ grant_type: grant, assertion: sign() }, samlAuth());
    expect((await errorOf(noOrg)).error_description).toBe('orgName is required');
    const noBasic = await token({
      grant_type: grant,
      orgName: 'x',
      assertion: sign(),
      client_id: sb.genesys.samlClientId,
      client_secret: sb.genesys.samlClientSecret,
    });
    expect(noBasic.status).toBe(401);
  });

  it('trusts a configured certificate instead of its own key pair', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const trust = {
      issuer: 'urn:my-idp',
      audience: 'urn:my-org',
      certificate: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    };
    const own = await startSandbox({ saml: trust, genesysTables: false });
    try {
      expect(own.genesys.saml.privateKey).toBeUndefined();
      const assertion = signSamlAssertion({
        privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        issuer: 'urn:my-idp',
        audience: 'urn:my-org',
        nameId: own.genesys.users[0]?.username as string,
      });
      const res = await fetch(
        `${own.genesys.loginUrl}/oauth/token`,
        form(
          { grant_type: grant, orgName: 'o', assertion },
          basic(own.genesys.samlClientId, own.genesys.samlClientSecret),
        ),
      );
      expect(res.status).toBe(200);
    } finally {
      await own.close();
    }
  });
});

describe('CORS and the request log', () => {
  it('allows loopback origins on the token and API endpoints, not others', async () => {
    const pre = await fetch(`${sb.genesys.loginUrl}/oauth/token`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const api = await fetch(`${sb.url}/api/v2/users/me`, { headers: { origin: 'http://127.0.0.1:9999' } });
    expect(api.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:9999');
    expect(api.headers.get('access-control-expose-headers')).toContain('inin-correlation-id');
    const evil = await fetch(`${sb.url}/api/v2/users/me`, { headers: { origin: 'https://evil.example' } });
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('records login requests with passwords, secrets, codes and assertions redacted', async () => {
    const u = sb.genesys.users[0] as { username: string; password: string };
    await noFollow(
      authorizeUrl({
        client_id: sb.genesys.implicitClientId,
        response_type: 'token',
        redirect_uri: CALLBACK,
        login_hint: u.username,
        password: u.password,
      }),
    );
    await token({
      grant_type: 'client_credentials',
      client_id: sb.genesys.clientId,
      client_secret: sb.genesys.clientSecret,
    });
    await token(
      { grant_type: 'urn:ietf:params:oauth:grant-type:saml2-bearer', orgName: 'o', assertion: 'PHg+' },
      basic('a', 'b'),
    );
    const log = (await (await fetch(`${sb.url}/__sandbox/requests`)).json()) as {
      url: string;
      headers: Record<string, string>;
      body?: Record<string, string>;
    }[];
    const text = JSON.stringify(log);
    expect(text).not.toContain(u.password);
    expect(text).not.toContain(sb.genesys.clientSecret);
    expect(text).not.toContain('PHg+');
    const authz = log.find((r) => r.url.startsWith('/login/oauth/authorize'));
    expect(new URL(`http://x${authz?.url}`).searchParams.get('password')).toBe('[redacted]');
    expect(new URL(`http://x${authz?.url}`).searchParams.get('login_hint')).toBe(u.username);
    const cc = log.find((r) => r.body?.grant_type === 'client_credentials');
    expect(cc?.body).toEqual({
      grant_type: 'client_credentials',
      client_id: sb.genesys.clientId,
      client_secret: '[redacted]',
    });
    const saml = log.find((r) => r.body?.orgName === 'o');
    expect(saml?.headers.authorization).toBe('[redacted]');
    expect(saml?.body?.assertion).toBe('[redacted]');
  });
});
