import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ seed: 5, genesysTables: false });
});
afterAll(() => sb.close());

/** Signs users[i] in through the implicit flow (non-interactive login_hint + password). */
async function userToken(i: number): Promise<string> {
  const u = sb.genesys.users[i] as { username: string; password: string };
  const res = await fetch(
    `${sb.genesys.loginUrl}/oauth/authorize?${new URLSearchParams({
      client_id: sb.genesys.implicitClientId,
      response_type: 'token',
      redirect_uri: 'http://localhost:3000/cb',
      login_hint: u.username,
      password: u.password,
    })}`,
    { redirect: 'manual' },
  );
  const hash = new URLSearchParams(new URL(res.headers.get('location') as string).hash.slice(1));
  return hash.get('access_token') as string;
}

const call = (tok: string, method: string, path: string, body?: unknown) =>
  fetch(`${sb.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${tok}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });

describe('roles and permissions of user tokens', () => {
  it('lets an admin edit users and answers an employee 403 missing.permissions', async () => {
    const admin = await userToken(0);
    const employee = await userToken(1);
    const target = sb.genesys.users[2]?.id as string;

    const denied = await call(employee, 'PATCH', `/api/v2/users/${target}`, { version: 1, name: 'x' });
    expect(denied.status).toBe(403);
    expect(await denied.json()).toMatchObject({
      status: 403,
      code: 'missing.permissions',
      message: 'You are missing the following permission(s): directory:user:edit',
    });
    expect((await call(employee, 'POST', '/api/v2/users', { name: 'n', email: 'n@x.example' })).status).toBe(
      403,
    );
    expect((await call(employee, 'DELETE', `/api/v2/users/${target}`)).status).toBe(403);
    expect(sb.state.genesys.users.get(target)?.version).toBe(1);

    const ok = await call(admin, 'PATCH', `/api/v2/users/${target}`, { version: 1, name: 'Renamed' });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { version: number }).version).toBe(2);
    // Reading stays open to employees.
    expect((await call(employee, 'GET', `/api/v2/users/${target}`)).status).toBe(200);
  });

  it('answers /users/me?expand=authorization with the roles and permissions of the token', async () => {
    const employee = await userToken(1);
    const res = await call(employee, 'GET', '/api/v2/users/me?expand=authorization,presence');
    const me = (await res.json()) as {
      id: string;
      presence: unknown;
      authorization: { roles: { name: string }[]; permissions: string[] };
    };
    expect(me.id).toBe(sb.genesys.users[1]?.id);
    expect(me.presence).toBeDefined();
    expect(me.authorization.roles.map((r) => r.name)).toEqual(['employee']);
    expect(me.authorization.permissions).toContain('directory:user:view');
    expect(me.authorization.permissions).not.toContain('directory:user:edit');
    const admin = await userToken(0);
    const adminMe = (await (await call(admin, 'GET', '/api/v2/users/me?expand=authorization')).json()) as {
      authorization: { permissions: string[] };
    };
    expect(adminMe.authorization.permissions).toContain('directory:user:edit');
  });
});

describe('tokens/me', () => {
  it('describes the calling token and DELETE revokes it', async () => {
    const employee = await userToken(1);
    const info = await call(employee, 'GET', '/api/v2/tokens/me');
    expect(await info.json()).toMatchObject({
      OAuthClient: { id: sb.genesys.implicitClientId },
      user: { id: sb.genesys.users[1]?.id },
    });
    expect((await call(employee, 'DELETE', '/api/v2/tokens/me')).status).toBe(204);
    expect((await call(employee, 'GET', '/api/v2/users/me')).status).toBe(401);
  });
});

describe('GET /__sandbox/requests', () => {
  it('filters by method, path, status and limit, and caps large bodies', async () => {
    sb.reset();
    const admin = await userToken(0);
    await call(admin, 'GET', '/api/v2/users/me');
    await call(admin, 'GET', '/api/v2/routing/queues?pageSize=2');
    await call(admin, 'POST', '/api/v2/users', {
      name: 'y'.repeat(10_000),
      email: 'big@x.example',
      list: Array.from({ length: 300 }, (_, i) => i),
      password: 'hunter2',
    });
    const get = async (q: string) =>
      (await (await fetch(`${sb.url}/__sandbox/requests${q}`)).json()) as {
        method: string;
        url: string;
        status: number;
        body?: Record<string, unknown>;
      }[];
    const gets = await get('?method=get&path=/api/v2/*');
    expect(gets.map((r) => r.url)).toEqual(['/api/v2/users/me', '/api/v2/routing/queues?pageSize=2']);
    const last = await get('?limit=1');
    expect(last).toHaveLength(1);
    expect(last[0]?.method).toBe('POST');
    const body = last[0]?.body as { name: string; list: unknown[]; password: string; email: string };
    expect(body.name.length).toBeLessThan(2100);
    expect(body.name).toMatch(/…\[10000 chars\]$/);
    expect(body.list).toHaveLength(101);
    expect(body.list[100]).toBe('…[300 items]');
    expect(body.password).toBe('[redacted]');
    expect(body.email).toBe('big@x.example');
    expect((await get('?status=302')).map((r) => r.url.split('?')[0])).toEqual(['/login/oauth/authorize']);
    expect((await fetch(`${sb.url}/__sandbox/requests?limit=0`)).status).toBe(400);
    expect((await fetch(`${sb.url}/__sandbox/requests?status=abc`)).status).toBe(400);
  });
});
