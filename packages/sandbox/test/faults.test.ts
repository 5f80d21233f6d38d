import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.js';

let sb: Sandbox;
let tok: string;
beforeAll(async () => {
  sb = await startSandbox({ rateLimitPerMinute: 5 });
  const res = await fetch(`${sb.genesys.loginUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `grant_type=client_credentials&client_id=${sb.genesys.clientId}&client_secret=${sb.genesys.clientSecret}`,
  });
  tok = ((await res.json()) as { access_token: string }).access_token;
});
afterAll(() => sb.close());

const me = () => fetch(`${sb.url}/api/v2/users/me`, { headers: { authorization: `Bearer ${tok}` } });

describe('faults', () => {
  it('injects a status fault via the admin API for a counted number of matching requests', async () => {
    const add = await fetch(`${sb.url}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'status', route: 'GET /api/v2/users/*', status: 503, count: 1 }),
    });
    expect(add.status).toBe(201);
    const first = await me();
    expect(first.status).toBe(503);
    expect(await first.json()).toMatchObject({ status: 503, code: 'sandbox.fault' });
    expect((await me()).status).toBe(200);
    expect(await (await fetch(`${sb.url}/__sandbox/faults`)).json()).toEqual([]);
  });

  it('rejects an invalid fault with a message naming the field', async () => {
    const res = await fetch(`${sb.url}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'status', status: 'x' }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toContain('fault.status');
  });

  it('resets the connection before the body is read', async () => {
    sb.faults.add({ kind: 'reset-before-body', route: '/api/v2/users/me', count: 1 });
    await expect(me()).rejects.toThrow();
    expect((await me()).status).toBe(200);
  });

  it('adds latency', async () => {
    sb.faults.add({ kind: 'latency', route: '*', latencyMs: 150, count: 1 });
    const t = Date.now();
    await me();
    expect(Date.now() - t).toBeGreaterThanOrEqual(140);
  });

  it('records requests with secrets redacted', async () => {
    const list = (await (await fetch(`${sb.url}/__sandbox/requests`)).json()) as {
      url: string;
      headers: Record<string, string>;
    }[];
    const hit = list.find((r) => r.url === '/api/v2/users/me' && r.headers.authorization);
    expect(hit?.headers.authorization).toBe('[redacted]');
    expect(JSON.stringify(list)).not.toContain(tok);
  });

  it('answers 429 with Retry-After once a token exceeds its rate', async () => {
    await fetch(`${sb.url}/__sandbox/reset`, { method: 'POST' });
    const res = await fetch(`${sb.genesys.loginUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=client_credentials&client_id=${sb.genesys.clientId}&client_secret=${sb.genesys.clientSecret}`,
    });
    tok = ((await res.json()) as { access_token: string }).access_token;
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 6; i++) {
      last = await me();
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('robustness', () => {
  it('answers malformed requests with 4xx and stays alive', async () => {
    const bodies = [
      '{',
      '{"version":',
      'null',
      '\u0000\u0001',
      Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
      'x'.repeat(5000),
    ];
    const types = [
      'application/json',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=zz',
      'text/plain',
    ];
    const paths = ['/api/v2/users/me', '/login/oauth/token', '/__sandbox/faults', '/api/v2/users/abc'];
    const statuses: number[] = [];
    for (const path of paths)
      for (const type of types)
        for (const body of bodies)
          for (const method of ['POST', 'PATCH']) {
            const res = await fetch(`${sb.url}${path}`, { method, headers: { 'content-type': type }, body });
            statuses.push(res.status);
            await res.arrayBuffer();
          }
    const huge = await fetch(`${sb.url}/api/v2/users/me`, { headers: { 'x-big': 'y'.repeat(20_000) } });
    statuses.push(huge.status);
    expect(statuses.length).toBeGreaterThan(190);
    for (const s of statuses) expect(s >= 400 && s < 500).toBe(true);
    const ok = await fetch(`${sb.genesys.loginUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=client_credentials&client_id=${sb.genesys.clientId}&client_secret=${sb.genesys.clientSecret}`,
    });
    expect(ok.status).toBe(200);
  });
});

describe('truncate', () => {
  it('cuts the body short of its announced length', async () => {
    await fetch(`${sb.url}/__sandbox/reset`, { method: 'POST' });
    const res = await fetch(`${sb.genesys.loginUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=client_credentials&client_id=${sb.genesys.clientId}&client_secret=${sb.genesys.clientSecret}`,
    });
    const token = ((await res.json()) as { access_token: string }).access_token;
    sb.faults.add({ kind: 'truncate', route: 'GET /api/v2/routing/queues', count: 1 });
    const cut = fetch(`${sb.url}/api/v2/routing/queues`, {
      headers: { authorization: `Bearer ${token}` },
    }).then((r) => r.text());
    await expect(cut).rejects.toThrow();
    const ok = await fetch(`${sb.url}/api/v2/routing/queues`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await ok.json()) as { total: number }).total).toBe(250);
  });
});
