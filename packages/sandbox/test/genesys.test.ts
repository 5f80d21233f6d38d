import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ seed: 7, rateLimitPerMinute: 1000 });
});
afterAll(() => sb.close());

async function token(s = sb): Promise<string> {
  const res = await fetch(`${s.genesys.loginUrl}/oauth/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${s.genesys.clientId}:${s.genesys.clientSecret}`).toString('base64')}`,
    },
    body: 'grant_type=client_credentials',
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { access_token: string; token_type: string; expires_in: number };
  expect(body.token_type).toBe('bearer');
  expect(body.expires_in).toBe(86400);
  return body.access_token;
}

const get = (path: string, tok?: string) =>
  fetch(`${sb.url}${path}`, { headers: tok ? { authorization: `Bearer ${tok}` } : {} });

describe('login', () => {
  it('rejects a wrong secret with an RFC 6749 invalid_client body', async () => {
    const res = await fetch(`${sb.genesys.loginUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=client_credentials&client_id=${sb.genesys.clientId}&client_secret=nope`,
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'invalid_client', error_description: expect.any(String) });
  });

  it('rejects a missing grant_type', async () => {
    const res = await fetch(`${sb.genesys.loginUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `client_id=${sb.genesys.clientId}`,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('invalid_request');
  });

  it('refuses a grant the client is not allowed', async () => {
    const res = await fetch(`${sb.genesys.loginUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=sandbox-code-client&client_secret=sandbox-code-secret',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('unauthorized_client');
  });
});

describe('api', () => {
  it('answers 401 in the Genesys error shape without a token, with a correlation id', async () => {
    const res = await get('/api/v2/users/me');
    expect(res.status).toBe(401);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 401, code: 'authentication.required', details: [], errors: [] });
    expect(body.contextId).toBe(res.headers.get('inin-correlation-id'));
    expect(body.contextId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves /users/me with presence and rate-limit headers', async () => {
    const tok = await token();
    const res = await get('/api/v2/users/me?expand=presence', tok);
    expect(res.status).toBe(200);
    expect(res.headers.get('inin-ratelimit-allowed')).toBe('1000');
    expect(Number(res.headers.get('inin-ratelimit-count'))).toBeGreaterThan(0);
    const me = (await res.json()) as {
      id: string;
      presence: { source: string; presenceDefinition: { id: string; systemPresence: string } };
    };
    expect(me.presence.source).toBe('PURECLOUD');
    expect(me.presence.presenceDefinition.systemPresence).toBe('Available');
    const plain = (await (await get('/api/v2/users/me', tok)).json()) as Record<string, unknown>;
    expect(plain.presence).toBeUndefined();
    expect(plain.id).toBe(me.id);
  });

  it('pages through 250 queues with consistent links', async () => {
    const tok = await token();
    const seen = new Set<string>();
    let next: string | undefined = '/api/v2/routing/queues?pageSize=100';
    let pages = 0;
    while (next) {
      const page = (await (await get(next, tok)).json()) as {
        entities: { id: string }[];
        total: number;
        pageCount: number;
        nextUri?: string;
      };
      expect(page.total).toBe(250);
      expect(page.pageCount).toBe(3);
      for (const q of page.entities) seen.add(q.id);
      next = page.nextUri;
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen.size).toBe(250);
  });

  it('names the bad query parameter', async () => {
    const tok = await token();
    const res = await get('/api/v2/routing/queues?pageSize=abc', tok);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toContain('pageSize');
  });

  it('patches a user with version checks and 409 on conflict', async () => {
    const tok = await token();
    const list = (await (await get('/api/v2/users?pageSize=2', tok)).json()) as {
      entities: { id: string }[];
    };
    const id = list.entities[1]?.id as string;
    const patch = (body: unknown) =>
      fetch(`${sb.url}/api/v2/users/${id}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const ok = await patch({ version: 1, name: 'Renamed' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ name: 'Renamed', version: 2 });
    const conflict = await patch({ version: 1, name: 'Again' });
    expect(conflict.status).toBe(409);
    const bad = await patch({ version: 2, name: 5 });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toContain('body.name');
  });

  it('creates and deletes users, with 409 on a duplicate email and 404 after deletion', async () => {
    const tok = await token();
    const post = (body: unknown) =>
      fetch(`${sb.url}/api/v2/users`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const created = await post({ name: 'New Person', email: 'new@sandbox.example' });
    expect(created.status).toBe(200);
    const user = (await created.json()) as { id: string; version: number };
    expect(user.version).toBe(1);
    expect((await post({ name: 'Dup', email: 'new@sandbox.example' })).status).toBe(409);
    const missing = await post({ name: 'No Mail' });
    expect(((await missing.json()) as { message: string }).message).toContain('body.email');
    expect((await get(`/api/v2/users/${user.id}`, tok)).status).toBe(200);
    const del = await fetch(`${sb.url}/api/v2/users/${user.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${tok}` },
    });
    expect(del.status).toBe(200);
    expect((await get(`/api/v2/users/${user.id}`, tok)).status).toBe(404);
  });

  it('404s unknown routes in the Genesys shape', async () => {
    const tok = await token();
    const res = await get('/api/v2/nothing/here', tok);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ status: 404, code: 'not.found' });
  });

  it('expires tokens when the clock moves past their ttl, and honours revocation', async () => {
    const tok = await token();
    expect((await get('/api/v2/users/me', tok)).status).toBe(200);
    sb.advanceClock(86_401_000);
    try {
      expect((await get('/api/v2/users/me', tok)).status).toBe(401);
    } finally {
      sb.advanceClock(-86_401_000);
    }
    expect((await get('/api/v2/users/me', tok)).status).toBe(200);
    const rev = await fetch(`${sb.url}/__sandbox/tokens/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: tok }),
    });
    expect(rev.status).toBe(204);
    expect((await get('/api/v2/users/me', tok)).status).toBe(401);
  });

  it('is deterministic for a seed and restored by reset', async () => {
    const a = await startSandbox({ seed: 42 });
    const b = await startSandbox({ seed: 42 });
    try {
      expect(a.state.genesys.meUserId).toBe(b.state.genesys.meUserId);
      expect(a.state.genesys.queues.map((q) => q.id)).toEqual(b.state.genesys.queues.map((q) => q.id));
      const me = a.state.genesys.meUserId;
      const user = a.state.genesys.users.get(me);
      if (user) user.name = 'changed';
      a.reset();
      expect(a.state.genesys.users.get(me)?.name).not.toBe('changed');
    } finally {
      await a.close();
      await b.close();
    }
  });
});
