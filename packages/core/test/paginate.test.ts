import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectAll, HttpClient, pages, paginate } from '../src/index.js';
import { json, startServer, type TestServer } from './helpers/server.js';

let srv: TestServer;
let client: HttpClient;
beforeAll(async () => {
  // 7 users, pages of 3, Genesys-style pageNumber/pageCount.
  srv = await startServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const page = Number(u.searchParams.get('pageNumber') ?? 1);
    const all = Array.from({ length: 7 }, (_, i) => ({ id: i + 1 }));
    json(res, 200, { entities: all.slice((page - 1) * 3, page * 3), pageNumber: page, pageCount: 3 });
  });
  client = new HttpClient({ baseUrl: srv.url });
});
afterAll(async () => {
  await client.close();
  await srv.close();
});

type Page = { entities: Array<{ id: number }>; pageNumber: number; pageCount: number };
const fetchPage = async (page = 1) => {
  const r = await client.request<Page>({ method: 'GET', path: '/users', query: { pageNumber: page } });
  return { items: r.entities, next: r.pageNumber < r.pageCount ? r.pageNumber + 1 : undefined };
};

describe('paginate', () => {
  it('yields every item across pages, lazily', async () => {
    const ids: number[] = [];
    for await (const u of paginate(fetchPage)) ids.push(u.id);
    expect(ids).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(srv.requests).toHaveLength(3);
  });

  it('stops fetching when the consumer stops', async () => {
    const before = srv.requests.length;
    expect((await collectAll(paginate(fetchPage), 2)).map((u) => u.id)).toEqual([1, 2]);
    expect(srv.requests.length - before).toBe(1);
  });

  it('yields whole pages and stops on a repeated cursor', async () => {
    let calls = 0;
    const looping = pages<number, string>(async () => {
      calls++;
      return { items: [calls], next: 'same' };
    });
    expect(await collectAll(looping)).toHaveLength(2);
    expect(calls).toBe(2);
  });

  it('propagates page errors', async () => {
    const it = paginate(async () => {
      throw new Error('page failed');
    });
    await expect(it.next()).rejects.toThrow('page failed');
  });
});
