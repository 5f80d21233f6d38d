// The compat ApiClient's logins against the sandbox's Genesys login service: PKCE (Node exchange and the
// browser redirect round trip), authorization code with transparent refresh after expiry, implicit, SAML2 bearer.
// Each login ends with GET /api/v2/users/me answering the signed-in user.
import { type Sandbox, signSamlAssertion, startSandbox } from '@skyport/sandbox';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiClient, UsersApi } from '../src/compat/index';
import { installBrowser, signInAt, useSandbox } from './compat/helpers';

const TTL_SECONDS = 600;
const REDIRECT = 'http://127.0.0.1:5173/callback';

let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox({ seed: 3, tokenTtlSeconds: TTL_SECONDS });
});

afterAll(async () => {
  await sb.close();
});

function client(): ApiClient {
  const c = new ApiClient({ register: false });
  useSandbox(c, sb);
  return c;
}

function signIn(authorizeUrl: string, user = sb.genesys.users[1]): Promise<URL> {
  return signInAt(authorizeUrl, user as { username: string; password: string });
}

describe('logins against the sandbox login service', () => {
  it('PKCE in Node: verifier, challenge, authorize, authorizePKCEGrant', async () => {
    const c = client();
    const verifier = c.generatePKCECodeVerifier(64);
    const challenge = await c.computePKCECodeChallenge(verifier);
    const back = await signIn(
      `${sb.genesys.loginUrl}/oauth/authorize?${new URLSearchParams({
        client_id: sb.genesys.pkceClientId,
        redirect_uri: REDIRECT,
        response_type: 'code',
        code_challenge: challenge,
        code_challenge_method: 'S256',
        state: 'node-1',
      })}`,
    );
    expect(back.searchParams.get('state')).toBe('node-1');
    const code = back.searchParams.get('code') as string;
    const auth = await c.authorizePKCEGrant(sb.genesys.pkceClientId, verifier, code, REDIRECT);
    expect(auth.tokenExpiryTime).toBeGreaterThan(Date.now());
    const me = await new UsersApi(c).getUsersMe();
    expect(me.id).toBe(sb.genesys.users[1]?.id);

    // A code works once; the wrong verifier is refused with the OAuth error body.
    const again = await c
      .authorizePKCEGrant(sb.genesys.pkceClientId, verifier, code, REDIRECT)
      .catch((e: unknown) => e);
    expect((again as { status: number }).status).toBe(400);
    expect((again as { body: { error: string } }).body.error).toBe('invalid_grant');
  });

  it('PKCE in a browser: loginPKCEGrant redirects, then completes on the page the login service returns to', async () => {
    const browser = installBrowser();
    try {
      const first = client();
      void first.loginPKCEGrant(sb.genesys.pkceClientId, REDIRECT, { state: 'web-1' });
      await vi.waitFor(() => expect(browser.window.navigations).toHaveLength(1));
      const back = await signIn(browser.window.navigations[0] as string, sb.genesys.users[2]);
      browser.window.location.search = back.search;
      const page2 = client();
      const auth = await page2.loginPKCEGrant(sb.genesys.pkceClientId, REDIRECT, { state: 'web-1' });
      expect(auth.state).toBe('web-1');
      expect((await new UsersApi(page2).getUsersMe()).id).toBe(sb.genesys.users[2]?.id);
    } finally {
      browser.uninstall();
    }
  });

  it('implicit grant in a browser', async () => {
    const browser = installBrowser();
    try {
      const c = client();
      void c.loginImplicitGrant(sb.genesys.implicitClientId, REDIRECT, { state: 'imp-1' });
      await vi.waitFor(() => expect(browser.window.navigations).toHaveLength(1));
      const back = await signIn(browser.window.navigations[0] as string);
      expect(back.hash).toContain('access_token=');
      browser.window.location.hash = back.hash;
      const auth = await c.loginImplicitGrant(sb.genesys.implicitClientId, REDIRECT, { state: 'imp-1' });
      expect(auth.state).toBe('imp-1');
      expect(browser.window.location.hash).toBe('');
      expect((await new UsersApi(c).getUsersMe()).id).toBe(sb.genesys.users[1]?.id);
    } finally {
      browser.uninstall();
    }
  });

  it('SAML2 bearer grant with a signed assertion', async () => {
    const { issuer, audience, privateKey } = sb.genesys.saml;
    const user = sb.genesys.users[0];
    const assertion = signSamlAssertion({
      privateKey: privateKey as string,
      issuer,
      audience,
      nameId: user?.username as string,
    });
    const c = client();
    await c.loginSaml2BearerGrant(
      sb.genesys.samlClientId,
      sb.genesys.samlClientSecret,
      'sandbox-org',
      assertion,
    );
    expect((await new UsersApi(c).getUsersMe()).id).toBe(user?.id);

    const tampered = Buffer.from(
      Buffer.from(assertion, 'base64')
        .toString('utf8')
        .replace(user?.username as string, 'someone@else.example'),
    ).toString('base64');
    const err = await c
      .loginSaml2BearerGrant(sb.genesys.samlClientId, sb.genesys.samlClientSecret, 'sandbox-org', tampered)
      .catch((e: unknown) => e);
    expect((err as { status: number }).status).toBe(400);
    expect((err as { body: { error: string } }).body.error).toBe('invalid_grant');
  });
  // Last: it moves the sandbox clock past the token lifetime (which would also outdate fresh SAML assertions).
  it('authorization code with transparent refresh once the access token expired', async () => {
    const c = client();
    const back = await signIn(
      `${sb.genesys.loginUrl}/oauth/authorize?${new URLSearchParams({
        client_id: sb.genesys.codeClientId,
        redirect_uri: REDIRECT,
        response_type: 'code',
      })}`,
    );
    const auth = await c.loginCodeAuthorizationGrant(
      sb.genesys.codeClientId,
      sb.genesys.codeClientSecret,
      back.searchParams.get('code') as string,
      REDIRECT,
    );
    expect(auth.refreshToken).toBeTruthy();
    const first = auth.accessToken;
    const users = new UsersApi(c);
    expect((await users.getUsersMe()).id).toBe(sb.genesys.users[1]?.id);

    sb.advanceClock((TTL_SECONDS + 1) * 1000);
    const results = await Promise.all([users.getUsersMe(), users.getUsersMe(), users.getUsersMe()]);
    for (const r of results) expect(r.id).toBe(sb.genesys.users[1]?.id);
    expect(c.authData.accessToken).not.toBe(first);
    const refreshes = sb
      .requests()
      .filter((r) => r.url.startsWith('/login/oauth/token') && JSON.stringify(r).includes('refresh_token'));
    expect(refreshes.length).toBe(1);
  });
});
