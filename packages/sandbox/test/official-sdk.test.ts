import { createHash, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, signSamlAssertion, startSandbox } from '../src/index.js';

// The official SDK is CommonJS without types; only the few calls used here are described.
interface OfficialSdk {
  ApiClientClass: new () => {
    setGateway(g: {
      host: string;
      protocol: string;
      port: number;
      path_params_login: string;
      path_params_api: string;
    }): void;
    loginClientCredentialsGrant(id: string, secret: string): Promise<{ accessToken: string }>;
    loginCodeAuthorizationGrant(
      id: string,
      secret: string,
      code: string,
      redirectUri: string,
    ): Promise<{ accessToken: string; refreshToken: string }>;
    refreshCodeAuthorizationGrant(
      id: string,
      secret: string,
      refreshToken: string,
    ): Promise<{ accessToken: string; refreshToken: string }>;
    authorizePKCEGrant(
      id: string,
      verifier: string,
      code: string,
      redirectUri: string,
    ): Promise<{ accessToken: string }>;
    loginSaml2BearerGrant(
      id: string,
      secret: string,
      orgName: string,
      assertion: string,
    ): Promise<{ accessToken: string }>;
  };
  UsersApi: new (
    client: unknown,
  ) => { getUsersMe(opts: { expand: string[] }): Promise<Record<string, unknown>> };
  AuthorizationApi: new (
    client: unknown,
  ) => {
    getAuthorizationPermissions(opts?: object): Promise<{ entities: { domain: string }[]; total: number }>;
  };
  RoutingApi: new (
    client: unknown,
  ) => {
    getRoutingQueues(opts: { pageSize: number; pageNumber: number }): Promise<{
      entities: { id: string }[];
      pageCount: number;
      total: number;
    }>;
  };
}

const sdk = createRequire(import.meta.url)('purecloud-platform-client-v2') as OfficialSdk;

let sb: Sandbox;
let client: InstanceType<OfficialSdk['ApiClientClass']>;
beforeAll(async () => {
  sb = await startSandbox();
  client = new sdk.ApiClientClass();
  const u = new URL(sb.url);
  client.setGateway({
    host: u.hostname,
    protocol: 'http',
    port: Number(u.port),
    path_params_login: 'login',
    path_params_api: '',
  });
});
afterAll(() => sb.close());

describe('official purecloud-platform-client-v2 against the sandbox', () => {
  it('logs in with client credentials, reads /users/me, permissions and pages queues', async () => {
    const auth = await client.loginClientCredentialsGrant(sb.genesys.clientId, sb.genesys.clientSecret);
    expect(auth.accessToken).toMatch(/^[0-9a-f]{40,}$/);

    const me = await new sdk.UsersApi(client).getUsersMe({ expand: ['presence'] });
    expect(me.id).toBe(sb.state.genesys.meUserId);
    expect(me.presence).toMatchObject({ presenceDefinition: { systemPresence: 'Available' } });

    const perms = await new sdk.AuthorizationApi(client).getAuthorizationPermissions();
    expect(perms.total).toBe(sb.state.genesys.permissions.length);
    expect(perms.entities.map((p) => p.domain)).toContain('routing');

    const routing = new sdk.RoutingApi(client);
    const ids: string[] = [];
    let pageCount = 1;
    for (let pageNumber = 1; pageNumber <= pageCount; pageNumber++) {
      const page = await routing.getRoutingQueues({ pageSize: 100, pageNumber });
      pageCount = page.pageCount;
      ids.push(...page.entities.map((q) => q.id));
    }
    expect(ids).toEqual(sb.state.genesys.queues.map((q) => q.id));
  });

  it('surfaces the sandbox 401 through the official client', async () => {
    const bare = new sdk.ApiClientClass();
    const u = new URL(sb.url);
    bare.setGateway({
      host: u.hostname,
      protocol: 'http',
      port: Number(u.port),
      path_params_login: 'login',
      path_params_api: '',
    });
    await expect(new sdk.UsersApi(bare).getUsersMe({ expand: [] })).rejects.toMatchObject({ status: 401 });
  });
});

describe('official client user logins against the sandbox login service', () => {
  const redirectUri = 'http://127.0.0.1:45678/callback';
  const gateway = () => {
    const c = new sdk.ApiClientClass();
    const u = new URL(sb.url);
    c.setGateway({
      host: u.hostname,
      protocol: 'http',
      port: Number(u.port),
      path_params_login: 'login',
      path_params_api: '',
    });
    return c;
  };
  async function code(clientId: string, user: number, extra: Record<string, string> = {}) {
    const u = sb.genesys.users[user] as { username: string; password: string };
    const res = await fetch(
      `${sb.genesys.loginUrl}/oauth/authorize?${new URLSearchParams({
        client_id: clientId,
        response_type: 'code',
        redirect_uri: redirectUri,
        login_hint: u.username,
        password: u.password,
        ...extra,
      })}`,
      { redirect: 'manual' },
    );
    return new URL(res.headers.get('location') as string).searchParams.get('code') as string;
  }

  it('loginCodeAuthorizationGrant, getUsersMe as the signed-in user, refreshCodeAuthorizationGrant', async () => {
    const c = gateway();
    const auth = await c.loginCodeAuthorizationGrant(
      sb.genesys.codeClientId,
      sb.genesys.codeClientSecret,
      await code(sb.genesys.codeClientId, 1),
      redirectUri,
    );
    // authData is one object the client updates in place: keep the first values.
    const { accessToken, refreshToken } = auth;
    expect(refreshToken).toEqual(expect.any(String));
    expect((await new sdk.UsersApi(c).getUsersMe({ expand: [] })).id).toBe(sb.genesys.users[1]?.id);
    const again = await c.refreshCodeAuthorizationGrant(
      sb.genesys.codeClientId,
      sb.genesys.codeClientSecret,
      refreshToken,
    );
    expect(again.accessToken).not.toBe(accessToken);
    expect(again.refreshToken).not.toBe(refreshToken);
    expect((await new sdk.UsersApi(c).getUsersMe({ expand: [] })).id).toBe(sb.genesys.users[1]?.id);
    await expect(
      c.refreshCodeAuthorizationGrant(sb.genesys.codeClientId, sb.genesys.codeClientSecret, refreshToken),
    ).rejects.toMatchObject({ status: 400 });
  });

  it('authorizePKCEGrant with the verifier of the code_challenge', async () => {
    const c = gateway();
    const verifier = randomBytes(40).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const authCode = await code(sb.genesys.pkceClientId, 2, {
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    await c.authorizePKCEGrant(sb.genesys.pkceClientId, verifier, authCode, redirectUri);
    expect((await new sdk.UsersApi(c).getUsersMe({ expand: [] })).id).toBe(sb.genesys.users[2]?.id);
  });

  it('loginSaml2BearerGrant with an assertion signed by the trusted identity provider', async () => {
    const c = gateway();
    const { issuer, audience, privateKey } = sb.genesys.saml;
    const assertion = signSamlAssertion({
      privateKey: privateKey as string,
      issuer,
      audience,
      nameId: sb.genesys.users[0]?.username as string,
      now: new Date(sb.now()),
    });
    await c.loginSaml2BearerGrant(sb.genesys.samlClientId, sb.genesys.samlClientSecret, 'sandbox', assertion);
    expect((await new sdk.UsersApi(c).getUsersMe({ expand: [] })).id).toBe(sb.genesys.users[0]?.id);
  });
});
