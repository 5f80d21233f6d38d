import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.js';

let sb: Sandbox;
let tok: string;
beforeAll(async () => {
  sb = await startSandbox({ genesysTables: false });
  const res = await fetch(`${sb.genesys.loginUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `grant_type=client_credentials&client_id=${sb.genesys.clientId}&client_secret=${sb.genesys.clientSecret}`,
  });
  tok = ((await res.json()) as { access_token: string }).access_token;
});
afterAll(() => sb.close());

const call = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${sb.url}/api/v2/analytics/conversations/details${path}`, {
    method,
    headers: {
      authorization: `Bearer ${tok}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

const all = () =>
  `${new Date(Date.now() - 400 * 3_600_000).toISOString()}/${new Date(Date.now() + 60_000).toISOString()}`;

describe('analytics', () => {
  it('queries conversation details with paging and validates the interval', async () => {
    const r = await call('POST', '/query', { interval: all(), paging: { pageSize: 10, pageNumber: 2 } });
    expect(r.status).toBe(200);
    expect(r.body.totalHits).toBe(250);
    expect((r.body.conversations as unknown[]).length).toBe(10);
    const bad = await call('POST', '/query', { interval: 'yesterday' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('body.interval');
  });

  it('runs a job: poll until FULFILLED, then read every result through cursors', async () => {
    const created = await call('POST', '/jobs', { interval: all() });
    expect(created.status).toBe(202);
    const id = created.body.jobId as string;
    expect((await call('GET', `/jobs/${id}/results`)).status).toBe(400);
    const states: unknown[] = [];
    for (let i = 0; i < 5; i++) {
      const s = await call('GET', `/jobs/${id}`);
      states.push(s.body.state);
      if (s.body.state === 'FULFILLED') break;
    }
    expect(states).toEqual(['QUEUED', 'FULFILLED']);
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await call('GET', `/jobs/${id}/results?pageSize=100${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      ids.push(...(page.body.conversations as { conversationId: string }[]).map((c) => c.conversationId));
      cursor = page.body.cursor as string | undefined;
    } while (cursor);
    expect(ids).toEqual(sb.state.genesys.conversations.map((c) => c.conversationId));
    expect((await call('GET', '/jobs/nope')).status).toBe(404);
  });
});
