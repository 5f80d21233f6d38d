// paginate(): pageNumber/pageCount and cursor styles against the sandbox, nextUri/after styles against a server
// started in the test, limits, pages(), and a server that repeats its cursor.
import { ValidationError } from '@skyport/core';
import { type Sandbox, startSandbox } from '@skyport/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAssistantQueues, getAssistantQueuesOperation } from '../src/generated/api/agent-assistants';
import {
  getAnalyticsConversationsDetailsJob,
  getAnalyticsConversationsDetailsJobResults,
  postAnalyticsConversationsDetailsJobs,
} from '../src/generated/api/analytics';
import { getRoutingQueues, getRoutingQueuesOperation } from '../src/generated/api/routing';
import { createClient, paginate } from '../src/index';
import { captureServer, json } from './helpers';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 3 });
});
afterAll(() => sandbox.close());
const client = () =>
  createClient({
    apiUrl: sandbox.genesys.apiUrl,
    loginUrl: sandbox.genesys.loginUrl,
    auth: {
      type: 'clientCredentials',
      clientId: sandbox.genesys.clientId,
      clientSecret: sandbox.genesys.clientSecret,
    },
  });
const queueCalls = () =>
  sandbox.requests().filter((r) => r.url.startsWith('/api/v2/routing/queues?') && r.status === 200);

describe('pageNumber style (sandbox routing queues)', () => {
  it('walks every page lazily with the given page size', async () => {
    sandbox.reset();
    const gc = client();
    const names: string[] = [];
    for await (const q of paginate(gc, getRoutingQueues, {}, { pageSize: 100 })) names.push(q.name as string);
    expect(names).toHaveLength(250);
    expect(new Set(names).size).toBe(250);
    expect(queueCalls().map((r) => new URL(r.url, 'http://x').searchParams.get('pageNumber'))).toEqual([
      null,
      '2',
      '3',
    ]);
    expect(queueCalls().every((r) => r.url.includes('pageSize=100'))).toBe(true);
  });

  it('pages() yields whole answers; limit stops early without fetching more', async () => {
    sandbox.reset();
    const gc = client();
    const pages = [];
    for await (const p of paginate(gc, getRoutingQueues, {}, { pageSize: 100 }).pages()) pages.push(p);
    expect(pages.map((p) => p.items.length)).toEqual([100, 100, 50]);
    expect(pages[2]?.response.pageCount).toBe(3);
    // The descriptor form works too (its answers are untyped).
    const viaDescriptor = await paginate(gc, getRoutingQueuesOperation, {}, { pageSize: 100 }).all();
    expect(viaDescriptor).toHaveLength(250);
    sandbox.reset();
    const some = await paginate(gc, getRoutingQueues, {}, { pageSize: 25, limit: 30 }).all();
    expect(some).toHaveLength(30);
    expect(queueCalls()).toHaveLength(2);
  });

  it('keeps the other options (a name filter) on every page and checks its own', async () => {
    sandbox.reset();
    const gc = client();
    const all = await paginate(gc, getRoutingQueues, {}, { pageSize: 500 }).all();
    const first = all[0]?.name as string;
    const filtered = await paginate(gc, getRoutingQueues, { name: first }, { pageSize: 1 }).all();
    expect(filtered.map((q) => q.name)).toContain(first);
    expect(() => paginate(gc, getRoutingQueues, {}, { pageSize: 0 })).toThrow(ValidationError);
  });
});

describe('cursor style (sandbox analytics job results)', () => {
  it('follows the cursor until the last page', async () => {
    sandbox.reset();
    const gc = client();
    const { jobId } = await postAnalyticsConversationsDetailsJobs(gc, {
      // The sandbox seeds 250 conversations, one per hour before it started.
      body: {
        interval: `${new Date(Date.now() - 400 * 3_600_000).toISOString()}/${new Date(Date.now() + 3_600_000).toISOString()}`,
      },
    });
    // The sandbox answers QUEUED on the first poll, FULFILLED after.
    let state: string | undefined;
    for (let i = 0; i < 5 && state !== 'FULFILLED'; i++) {
      state = (await getAnalyticsConversationsDetailsJob(gc, { jobId: jobId as string })).state;
    }
    expect(state).toBe('FULFILLED');
    const it = paginate(
      gc,
      getAnalyticsConversationsDetailsJobResults,
      { jobId: jobId as string },
      { pageSize: 100 },
    );
    const pages = [];
    for await (const p of it.pages()) pages.push(p.items.length);
    expect(pages).toEqual([100, 100, 50]);
    const cursors = sandbox
      .requests()
      .filter((r) => r.url.includes('/results'))
      .map((r) => new URL(r.url, 'http://x').searchParams.get('cursor'));
    expect(cursors[0]).toBeNull();
    expect(cursors.slice(1).every((c) => typeof c === 'string' && c.length > 0)).toBe(true);
  });
});

describe('nextUri and after styles (server in the test)', () => {
  it('sends every parameter of nextUri, stops without one, and stops on a repeated page', async () => {
    const server = await captureServer((req, res) => {
      const after = req.query.get('after');
      if (req.path !== '/api/v2/assistants/a1/queues') return json(res, 404, {});
      if (!after)
        return json(res, 200, {
          entities: [{ id: 'q1' }, { id: 'q2' }],
          nextUri: `${req.path}?after=c2&pageSize=2`,
        });
      if (after === 'c2')
        return json(res, 200, { entities: [{ id: 'q3' }], nextUri: `${req.path}?after=c3&pageSize=2` });
      if (after === 'c3') return json(res, 200, { entities: [{ id: 'q4' }] });
      return json(res, 500, {});
    });
    try {
      const gc = createClient({ apiUrl: server.url, loginUrl: server.url, auth: 't' });
      const ids = (await paginate(gc, getAssistantQueues, { assistantId: 'a1' }, { pageSize: 2 }).all()).map(
        (q) => q.id,
      );
      expect(ids).toEqual(['q1', 'q2', 'q3', 'q4']);
      expect(server.seen.map((s) => s.query.get('after'))).toEqual([null, 'c2', 'c3']);
      // A server whose nextUri never changes: the paginator stops instead of looping.
      server.seen.length = 0;
      const loop = await captureServer((_req, res) =>
        json(res, 200, { entities: [{ id: 'x' }], nextUri: '/api/v2/assistants/a1/queues?after=same' }),
      );
      const gc2 = createClient({ apiUrl: loop.url, loginUrl: loop.url, auth: 't' });
      const items = await paginate(gc2, getAssistantQueuesOperation, { assistantId: 'a1' }).all();
      expect(items).toHaveLength(2); // first page, then the page at after=same, whose repeat is not fetched
      expect(loop.seen).toHaveLength(2);
      await loop.close();
    } finally {
      await server.close();
    }
  });
});
