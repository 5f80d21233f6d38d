import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient, SseEvent } from '../src/index.js';
import { coreBuilds } from './helpers/builds.js';
import { startServer, type TestServer } from './helpers/server.js';

let srv: TestServer;
const open: ServerResponse[] = [];

beforeAll(async () => {
  srv = await startServer((req, res, i) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const start = () => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      open.push(res);
    };
    switch (u.pathname) {
      case '/events': {
        // Sends two events then drops the connection; resumes after Last-Event-ID.
        start();
        const last = Number(req.headers['last-event-id'] ?? 0);
        res.write('retry: 50\n\n');
        res.write(`: comment\n\nid: ${last + 1}\nevent: tick\ndata: {"n":${last + 1}}\n\n`);
        res.write(`id: ${last + 2}\ndata: line one\ndata: line two\n\n`);
        if (last >= 2) return void res.end();
        setTimeout(() => res.destroy(), 20);
        return;
      }
      case '/silent':
        start();
        res.write(`id: s${i}\ndata: hello ${i}\n\n`);
        return; // then nothing: the heartbeat timeout must notice
      case '/finite':
        start();
        res.write('data: a\n\ndata: b\n\n');
        return void res.end();
      case '/notsse':
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end('{"not":"a stream"}');
      case '/forbidden':
        res.writeHead(403, { 'content-type': 'application/json' });
        return void res.end('{"message":"no"}');
      default:
        res.writeHead(404);
        res.end();
    }
  });
});

afterAll(async () => {
  for (const r of open) r.destroy();
  await srv.close();
});

describe.each(coreBuilds)('%s', (_build, core) => {
  const { ApiError, openEventStream, sseIterator, TimeoutError, ValidationError } = core;
  let client: HttpClient;
  beforeAll(() => {
    client = new core.HttpClient({ baseUrl: srv.url });
  });
  afterAll(() => client.close());

  describe('openEventStream', () => {
    it('parses events and reconnects with Last-Event-ID', async () => {
      const events: SseEvent[] = [];
      const reconnects: Array<{ lastEventId?: string }> = [];
      const before = srv.requests.length;
      const errors: Array<{ err: unknown; willReconnect: boolean }> = [];
      const done = new Promise<void>((resolve) => {
        const h = openEventStream({
          client,
          url: '/events',
          reconnect: { initialDelayMs: 10 },
          onEvent: (e) => {
            events.push(e);
            if (events.length === 4) {
              h.close();
              resolve();
            }
          },
          onReconnect: (r) => reconnects.push(r),
          onError: (err, info) => errors.push({ err, willReconnect: info.willReconnect }),
        });
      });
      await done;
      // The dropped connection is reported as the client's NetworkError, and the stream goes on.
      expect(errors).toHaveLength(1);
      expect(errors[0]?.err).toBeInstanceOf(core.NetworkError);
      expect(errors[0]?.willReconnect).toBe(true);
      expect(events[0]).toEqual({ id: '1', event: 'tick', data: '{"n":1}' });
      expect(events[1]).toEqual({ id: '2', data: 'line one\nline two' });
      expect(events[2]).toMatchObject({ id: '3' });
      expect(reconnects[0]?.lastEventId).toBe('2');
      const resumed = srv.requests
        .slice(before)
        .filter((r) => r.url === '/events')
        .at(1);
      expect(resumed?.headers['last-event-id']).toBe('2');
    });

    it('reconnects when the heartbeat times out', async () => {
      const errors: unknown[] = [];
      const events: SseEvent[] = [];
      await new Promise<void>((resolve) => {
        const h = openEventStream({
          client,
          url: '/silent',
          heartbeatTimeoutMs: 150,
          reconnect: { initialDelayMs: 10 },
          onEvent: (e) => {
            events.push(e);
            if (events.length === 2) {
              h.close();
              resolve();
            }
          },
          onError: (e) => errors.push(e),
        });
      });
      expect(errors[0]).toBeInstanceOf(TimeoutError);
      expect(events).toHaveLength(2);
    });

    it('does not reconnect on 4xx and reports the ApiError', async () => {
      const errs: Array<{ err: unknown; willReconnect: boolean }> = [];
      const h = openEventStream({
        client,
        url: '/forbidden',
        onEvent: () => {},
        onError: (err, info) => errs.push({ err, willReconnect: info.willReconnect }),
      });
      await h.closed;
      expect(errs).toHaveLength(1);
      expect(errs[0]?.err).toBeInstanceOf(ApiError);
      expect(errs[0]?.willReconnect).toBe(false);
    });

    it('ends with a ValidationError when the answer is not an event stream', async () => {
      const errs: Array<{ err: unknown; willReconnect: boolean }> = [];
      const h = openEventStream({
        client,
        url: '/notsse',
        onEvent: () => {},
        onError: (err, info) => errs.push({ err, willReconnect: info.willReconnect }),
      });
      await h.closed;
      expect(errs).toHaveLength(1);
      expect(errs[0]?.err).toBeInstanceOf(ValidationError);
      expect(String((errs[0]!.err as Error).message)).toContain('application/json');
      expect(errs[0]?.willReconnect).toBe(false);
    });

    it('closes cleanly on abort', async () => {
      const ac = new AbortController();
      const errors: unknown[] = [];
      let opened = false;
      const h = openEventStream({
        url: `${srv.url}/silent`,
        signal: ac.signal,
        onEvent: () => ac.abort(),
        onOpen: () => {
          opened = true;
        },
        onError: (e) => errors.push(e),
      });
      await h.closed;
      expect(opened).toBe(true);
      expect(errors).toEqual([]);
    });
  });

  describe('reconnect wait', () => {
    it('close() during the wait before a reconnect ends the stream at once', async () => {
      const reconnects: number[] = [];
      const started = performance.now();
      const h = openEventStream({
        client,
        url: '/finite',
        // Far longer than the test may run: only close() can end this wait.
        reconnect: { initialDelayMs: 600_000, maxDelayMs: 600_000 },
        onEvent: () => {},
        onReconnect: ({ delayMs }) => {
          reconnects.push(delayMs);
          setTimeout(() => h.close(), 10);
        },
      });
      await h.closed;
      expect(reconnects).toEqual([600_000]);
      expect(performance.now() - started).toBeLessThan(30_000);
    });

    it('an aborted signal during the wait ends the stream as well', async () => {
      const ac = new AbortController();
      const errors: unknown[] = [];
      const h = openEventStream({
        client,
        url: '/finite',
        signal: ac.signal,
        reconnect: { initialDelayMs: 600_000, maxDelayMs: 600_000 },
        onEvent: () => {},
        onError: (e) => errors.push(e),
        onReconnect: () => void setTimeout(() => ac.abort(), 10),
      });
      await h.closed;
      expect(errors).toEqual([]);
    });
  });

  describe('handler errors', () => {
    it('a throwing onEvent is reported and the stream goes on', async () => {
      const got: string[] = [];
      const errors: unknown[] = [];
      const h = openEventStream({
        client,
        url: '/finite',
        reconnect: false,
        onEvent: (e) => {
          got.push(e.data);
          if (e.data === 'a') throw new Error('handler bug');
        },
        onError: (err) => errors.push(err),
      });
      await h.closed;
      expect(got).toEqual(['a', 'b']);
      expect(errors).toHaveLength(1);
      expect((errors[0] as Error).message).toBe('handler bug');
    });
  });

  describe('sseIterator', () => {
    it('yields events and ends with the stream when reconnect is off', async () => {
      const got: string[] = [];
      for await (const e of sseIterator({ client, url: '/finite', reconnect: false })) got.push(e.data);
      expect(got).toEqual(['a', 'b']);
    });

    it('break closes the connection', async () => {
      const got: SseEvent[] = [];
      for await (const e of sseIterator({ client, url: '/silent' })) {
        got.push(e);
        break;
      }
      expect(got).toHaveLength(1);
    });

    it('throws the final error', async () => {
      const it = sseIterator({ client, url: '/forbidden' });
      await expect(it.next()).rejects.toBeInstanceOf(ApiError);
    });
  });
});
