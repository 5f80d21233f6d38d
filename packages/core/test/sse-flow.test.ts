// Flow control and heartbeat bookkeeping of core's SSE streams, against a real loopback server.
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient, SseEvent } from '../src/index.js';
import { coreBuilds } from './helpers/builds.js';
import { startServer, type TestServer } from './helpers/server.js';

const TOTAL = 60_000;
// ~100 bytes an event: about 6 MB, more than loopback socket buffers and undici's body buffer hold together.
const frame = (i: number) => `id: ${i}\ndata: {"n":${i},"pad":"${'x'.repeat(60)}"}\n\n`;
// Built once up front: building it inside the handler would block this process's event loop (the client's too).
const BULK = Array.from({ length: TOTAL }, (_, i) => frame(i + 1)).join('');

let srv: TestServer;
const open: ServerResponse[] = [];
/** Per /bulk connection: whether the server's whole write was flushed to the socket ('drain'). */
const drained: boolean[] = [];

beforeAll(async () => {
  srv = await startServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    open.push(res);
    if (u.pathname === '/bulk') {
      const slot = drained.push(false) - 1;
      if (res.write(BULK)) drained[slot] = true;
      else res.once('drain', () => (drained[slot] = true));
      return;
    }
    if (u.pathname === '/steady') {
      // One event every 40 ms: always inside a 150 ms heartbeat, so the stream must never be judged silent.
      let i = 0;
      const t = setInterval(() => res.write(`id: ${++i}\ndata: ${i}\n\n`), 40);
      res.on('close', () => clearInterval(t));
      return;
    }
    res.end();
  });
});

afterAll(async () => {
  for (const r of open) r.destroy();
  await srv.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(coreBuilds)('%s', (_build, core) => {
  const { openEventStream, sseIterator, ValidationError } = core;
  let client: HttpClient;
  beforeAll(async () => {
    client = new core.HttpClient({ baseUrl: srv.url });
    // Loads the transport (undici) now, so the first stream's heartbeat does not also time that import.
    await client.request({ method: 'GET', path: '/warm-up', responseType: 'text' });
  });
  afterAll(() => client.close());

  describe('sseIterator flow control', () => {
    it('stops reading while the consumer is behind, then delivers every event in order', async () => {
      const errors: unknown[] = [];
      const before = srv.requests.length;
      const it = sseIterator({
        client,
        url: '/bulk',
        highWaterMark: 200,
        heartbeatTimeoutMs: 150,
        onError: (e) => errors.push(e),
      });
      const first = await it.next();
      expect(first.value?.id).toBe('1');
      // A consumer that stalls for longer than the heartbeat: reading must hold (the server cannot flush its
      // 6 MB), and the held time must not count as a silent server.
      await sleep(600);
      expect(drained.at(-1)).toBe(false);
      let expected = 2;
      for (;;) {
        const r = await it.next();
        if (r.done) break;
        if (r.value.id !== String(expected)) errors.push(`got ${r.value.id}, expected ${expected}`);
        expected++;
        if (expected > TOTAL) break;
      }
      await it.return?.();
      expect(errors).toEqual([]);
      expect(expected).toBe(TOTAL + 1);
      expect(drained.at(-1)).toBe(true);
      expect(srv.requests.slice(before).filter((r) => r.url === '/bulk')).toHaveLength(1);
    });

    it('return() while reading is held ends the stream', async () => {
      const it = sseIterator({ client, url: '/bulk', highWaterMark: 50 });
      await it.next();
      await sleep(100);
      await expect(it.return?.()).resolves.toEqual({ value: undefined, done: true });
    });

    it('rejects a highWaterMark that is not a positive integer', () => {
      expect(() => sseIterator({ client, url: '/bulk', highWaterMark: 0 })).toThrow(ValidationError);
    });

    it('an onEvent stream (no flow control) reads everything at once', async () => {
      let n = 0;
      await new Promise<void>((resolve) => {
        const h = openEventStream({
          client,
          url: '/bulk',
          onEvent: () => {
            if (++n === TOTAL) {
              h.close();
              resolve();
            }
          },
        });
      });
      expect(n).toBe(TOTAL);
    });

    it('within a large chunk: lastEventId is each event’s own id while it is handled, and a throwing onEvent loses or repeats nothing', async () => {
      const ids: string[] = [];
      const wrongIds: string[] = [];
      const errors: unknown[] = [];
      await new Promise<void>((resolve) => {
        const h = openEventStream({
          client,
          url: '/bulk',
          onError: (err) => errors.push(err),
          onEvent: (e) => {
            ids.push(e.id!);
            if (h.lastEventId !== e.id) wrongIds.push(`${e.id} saw ${h.lastEventId}`);
            if (ids.length === TOTAL) {
              h.close();
              resolve();
            }
            // Every 997th event throws: the rest of its chunk must still arrive, once each.
            if (ids.length % 997 === 0) throw new Error(`listener failed at ${e.id}`);
          },
        });
      });
      expect(wrongIds).toEqual([]);
      expect(ids).toEqual(Array.from({ length: TOTAL }, (_, i) => String(i + 1)));
      expect(errors).toHaveLength(Math.floor(TOTAL / 997));
      expect((errors[0] as Error).message).toBe('listener failed at 997');
    });
  });

  describe('heartbeat', () => {
    it('steady traffic inside the timeout never triggers a reconnect', async () => {
      const got: SseEvent[] = [];
      const errors: unknown[] = [];
      const before = srv.requests.filter((r) => r.url === '/steady').length;
      const h = openEventStream({
        client,
        url: '/steady',
        heartbeatTimeoutMs: 150,
        reconnect: { initialDelayMs: 10 },
        onEvent: (e) => got.push(e),
        onError: (e) => errors.push(e),
      });
      await sleep(700);
      h.close();
      await h.closed;
      expect(errors).toEqual([]);
      expect(got.length).toBeGreaterThan(5);
      expect(got.map((e) => e.id)).toEqual(got.map((_, i) => String(i + 1)));
      expect(srv.requests.filter((r) => r.url === '/steady').length - before).toBe(1);
    });
  });
});
