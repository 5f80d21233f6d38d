import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.js';

let a: Sandbox;
let b: Sandbox;
beforeAll(async () => {
  [a, b] = await Promise.all([
    startSandbox({ seed: 42, genesysTables: false, rateLimitPerMinute: 10_000 }),
    startSandbox({ seed: 42, genesysTables: false, rateLimitPerMinute: 10_000 }),
  ]);
});
afterAll(async () => {
  await Promise.all([a.close(), b.close()]);
});

async function token(sb: Sandbox) {
  const res = await fetch(`${sb.genesys.loginUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `grant_type=client_credentials&client_id=${sb.genesys.clientId}&client_secret=${sb.genesys.clientSecret}`,
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

const get = async (sb: Sandbox, tok: string, path: string, init: RequestInit = {}) => {
  const res = await fetch(`${sb.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${tok}`, ...init.headers },
  });
  await res.arrayBuffer();
  return res.status;
};

describe('fault scoping', () => {
  it('applies only to the method and path pattern given, and only count times', async () => {
    a.reset();
    const tok = await token(a);
    a.faults.add({ kind: 'status', route: 'GET /api/v2/routing/queues/*', status: 502, count: 2 });
    expect(await get(a, tok, '/api/v2/routing/queues')).toBe(200); // pattern needs a segment after queues/
    expect(await get(a, tok, '/api/v2/users/me')).toBe(200);
    const queue = a.state.genesys.queues[0]?.id as string;
    expect(await get(a, tok, `/api/v2/routing/queues/${queue}`, { method: 'DELETE' })).not.toBe(502);
    expect(await get(a, tok, `/api/v2/routing/queues/${queue}?x=1`)).toBe(502);
    expect(await get(a, tok, `/api/v2/routing/queues/${queue}/members`)).toBe(502);
    expect(await get(a, tok, `/api/v2/routing/queues/${queue}`)).toBe(200);
    expect(a.faults.list()).toEqual([]);
  });

  it('resets the connection after the body was read, once', async () => {
    a.reset();
    const tok = await token(a);
    a.faults.add({ kind: 'reset-after-body', route: 'POST /api/v2/users', count: 1 });
    const body = JSON.stringify({ name: 'Reset Me', email: 'reset@x.example' });
    const post = () =>
      fetch(`${a.url}/api/v2/users`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json' },
        body,
      });
    await expect(post()).rejects.toThrow();
    // The body was read but the handler never ran: the user does not exist, and a retry succeeds.
    expect([...a.state.genesys.users.values()].some((u) => u.email === 'reset@x.example')).toBe(false);
    expect((await post()).status).toBe(200);
    const log = a.requests().filter((r) => r.url === '/api/v2/users');
    expect(log.map((r) => r.status)).toEqual([0, 200]);
    expect(log[0]?.body).toEqual({ name: 'Reset Me', email: 'reset@x.example' });
  });

  it('revokes the bearer token of the matching request (and only that route triggers it)', async () => {
    a.reset();
    const tok = await token(a);
    a.faults.add({ kind: 'revoke-token', route: 'GET /api/v2/users/me', count: 1 });
    expect(await get(a, tok, '/api/v2/routing/queues')).toBe(200);
    expect(await get(a, tok, '/api/v2/users/me')).toBe(401);
    expect(await get(a, tok, '/api/v2/routing/queues')).toBe(401);
    const fresh = await token(a);
    expect(await get(a, fresh, '/api/v2/users/me')).toBe(200);
  });

  it('hits a probability fault on the same requests for the same seed, and reset starts the draws again', async () => {
    const run = async (sb: Sandbox) => {
      sb.reset();
      const tok = await token(sb);
      sb.faults.add({
        kind: 'status',
        route: 'GET /api/v2/users/me',
        status: 503,
        probability: 0.3,
        count: 8,
      });
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) statuses.push(await get(sb, tok, '/api/v2/users/me'));
      return statuses;
    };
    const first = await run(a);
    expect(first.filter((s) => s === 503).length).toBeGreaterThan(2);
    expect(first.filter((s) => s === 503).length).toBeLessThanOrEqual(8);
    expect(first.filter((s) => s === 200).length).toBeGreaterThan(20);
    expect(await run(b)).toEqual(first);
    expect(await run(a)).toEqual(first);
    const other = await startSandbox({ seed: 43, genesysTables: false, rateLimitPerMinute: 10_000 });
    try {
      expect(await run(other)).not.toEqual(first);
    } finally {
      await other.close();
    }
    expect(() => a.faults.add({ kind: 'status', status: 500, probability: 0 })).toThrow(/probability/);
  });

  it('rate-limits per token with Genesys headers and a Retry-After that ends with the window', async () => {
    const sb = await startSandbox({ rateLimitPerMinute: 3, genesysTables: false });
    try {
      const tok = await token(sb);
      const other = await token(sb);
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 4; i++) {
        last = await fetch(`${sb.url}/api/v2/users/me`, { headers: { authorization: `Bearer ${tok}` } });
        statuses.push(last.status);
        if (i === 0) {
          expect(last.headers.get('inin-ratelimit-allowed')).toBe('3');
          expect(last.headers.get('inin-ratelimit-count')).toBe('1');
        }
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect(await last?.json()).toMatchObject({ status: 429, code: 'too.many.requests' });
      const retry = Number(last?.headers.get('retry-after'));
      expect(retry).toBeGreaterThan(0);
      expect(retry).toBeLessThanOrEqual(60);
      // Another token has its own window.
      expect(await get(sb, other, '/api/v2/users/me')).toBe(200);
      sb.advanceClock(retry * 1000);
      expect(await get(sb, tok, '/api/v2/users/me')).toBe(200);
    } finally {
      await sb.close();
    }
  });
});
