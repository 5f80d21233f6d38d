import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.js';

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
    expect(me.presence).toMatchObject({ systemPresence: 'Available' });

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
