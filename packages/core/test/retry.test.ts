import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, HttpClient, NetworkError, serverRequestedDelay } from '../src/index.js';
import { caught, json, startServer, type TestServer, unexpected } from './helpers/server.js';

let srv: TestServer | undefined;
let client: HttpClient | undefined;
afterEach(async () => {
  await client?.close();
  await srv?.close();
  client = undefined;
  srv = undefined;
});

describe('retries', () => {
  it('retries a 429 with Retry-After: 1 after at least 1 s and succeeds', async () => {
    const times: number[] = [];
    srv = await startServer((_req, res, i) => {
      times.push(Date.now());
      if (i === 0) return json(res, 429, { message: 'slow down' }, { 'retry-after': '1' });
      return json(res, 200, { ok: true });
    });
    client = new HttpClient({ baseUrl: srv.url });
    // POST: a 429 means the server did not process it, so even a non-idempotent request is retried.
    const r = await client.request({ method: 'POST', path: '/things', body: { a: 1 } });
    expect(r).toEqual({ ok: true });
    expect(srv.requests).toHaveLength(2);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(1000);
  });

  it('honours inin-ratelimit-reset', async () => {
    const times: number[] = [];
    srv = await startServer((_req, res, i) => {
      times.push(Date.now());
      if (i === 0) return json(res, 429, {}, { 'inin-ratelimit-reset': '1' });
      return json(res, 200, { ok: true });
    });
    client = new HttpClient({ baseUrl: srv.url });
    await client.request({ method: 'GET', path: '/x' });
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(1000);
  });

  it('parses Retry-After as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(serverRequestedDelay({ 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' }, now)).toBe(3000);
    expect(serverRequestedDelay({ 'retry-after': '2' }, now)).toBe(2000);
    expect(serverRequestedDelay({}, now)).toBeUndefined();
  });

  it('does not replay a POST after the server read it and reset the connection', async () => {
    srv = await startServer((req) => {
      req.socket.destroy();
    });
    client = new HttpClient({ baseUrl: srv.url, retry: { initialDelayMs: 1 } });
    const err = await client
      .request({ method: 'POST', path: '/orders', body: { n: 1 } })
      .then(unexpected, caught);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.requestWritten).toBe(true);
    expect(srv.requests).toHaveLength(1);
  });

  it('retries a GET after a connection reset', async () => {
    srv = await startServer((req, res, i) => {
      if (i < 2) return void req.socket.destroy();
      json(res, 200, { ok: i });
    });
    client = new HttpClient({ baseUrl: srv.url, retry: { initialDelayMs: 1 } });
    expect(await client.request({ method: 'GET', path: '/x' })).toEqual({ ok: 2 });
    expect(srv.requests).toHaveLength(3);
  });

  it('retries a POST marked idempotent, and a POST whose connection was refused', async () => {
    srv = await startServer((req, res, i) => {
      if (i === 0) return void req.socket.destroy();
      json(res, 200, { ok: true });
    });
    client = new HttpClient({ baseUrl: srv.url, retry: { initialDelayMs: 1 } });
    expect(await client.request({ method: 'POST', path: '/x', body: {}, idempotent: true })).toEqual({
      ok: true,
    });
    // Refused: the request was never written, so it is safe to retry; the attempts are capped.
    const refused = new HttpClient({
      baseUrl: 'http://127.0.0.1:1',
      retry: { initialDelayMs: 1, maxRetries: 2 },
    });
    const tries: number[] = [];
    const err = await refused
      .request({
        method: 'POST',
        path: '/x',
        body: {},
        retry: { shouldRetry: (c) => void tries.push(c.attempt) },
      })
      .then(unexpected, caught);
    expect(err).toBeInstanceOf(NetworkError);
    expect(tries).toEqual([1, 2, 3]);
    await refused.close();
  });

  it('does not retry a POST on 503, but retries a GET', async () => {
    srv = await startServer((_req, res) => json(res, 503, { message: 'unavailable' }));
    client = new HttpClient({ baseUrl: srv.url, retry: { initialDelayMs: 1, maxRetries: 2 } });
    const err = await client.request({ method: 'POST', path: '/x', body: {} }).then(unexpected, caught);
    expect(err).toBeInstanceOf(ApiError);
    expect(srv.requests).toHaveLength(1);
    const err2 = await client.request({ method: 'GET', path: '/x' }).then(unexpected, caught);
    expect(err2.status).toBe(503);
    expect(srv.requests).toHaveLength(1 + 3);
  });

  it('limits the number of attempts', async () => {
    srv = await startServer((_req, res) => json(res, 502, {}));
    const seen: Array<{ attempt: number; status?: number; delayMs: number }> = [];
    client = new HttpClient({
      baseUrl: srv.url,
      retry: { maxRetries: 4, initialDelayMs: 1 },
      hooks: {
        beforeRetry: [({ attempt, status, delayMs }) => void seen.push({ attempt, status, delayMs })],
      },
    });
    const err = await client.request({ method: 'GET', path: '/x' }).then(unexpected, caught);
    expect(err.status).toBe(502);
    expect(srv.requests).toHaveLength(5);
    expect(seen.map((s) => s.attempt)).toEqual([1, 2, 3, 4]);
    expect(seen.every((s) => s.status === 502 && s.delayMs >= 0)).toBe(true);
  });

  it('limits the total wait: a Retry-After beyond the budget is not waited for', async () => {
    srv = await startServer((_req, res) => json(res, 429, {}, { 'retry-after': '5' }));
    client = new HttpClient({ baseUrl: srv.url, retry: { maxTotalWaitMs: 1000 } });
    const t0 = Date.now();
    const err = await client.request({ method: 'GET', path: '/x' }).then(unexpected, caught);
    expect(err.status).toBe(429);
    expect(srv.requests).toHaveLength(1);
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('limits the total wait across several retries', async () => {
    srv = await startServer((_req, res) => json(res, 503, {}, { 'retry-after': '0.3' }));
    client = new HttpClient({ baseUrl: srv.url, retry: { maxRetries: 10, maxTotalWaitMs: 700 } });
    await client.request({ method: 'GET', path: '/x' }).then(unexpected, caught);
    // 0.3 + 0.3 fit in 700 ms, a third 0.3 would not.
    expect(srv.requests).toHaveLength(3);
  });

  it('can be disabled per client and per request', async () => {
    srv = await startServer((_req, res) => json(res, 503, {}));
    client = new HttpClient({ baseUrl: srv.url, retry: false });
    await client.request({ method: 'GET', path: '/x' }).catch(() => {});
    expect(srv.requests).toHaveLength(1);
    const c2 = new HttpClient({ baseUrl: srv.url, retry: { initialDelayMs: 1 } });
    await c2.request({ method: 'GET', path: '/x', retry: false }).catch(() => {});
    expect(srv.requests).toHaveLength(2);
    await c2.request({ method: 'GET', path: '/x', retry: { maxRetries: 1 } }).catch(() => {});
    expect(srv.requests).toHaveLength(4);
    await c2.close();
  });
});

describe('retried bodies', () => {
  it('replays a multipart body whose file came from a stream on every attempt', async () => {
    srv = await startServer((req, res, i) => {
      if (i === 0) return json(res, 503, {});
      json(res, 200, { body: req.body });
    });
    client = new HttpClient({ baseUrl: srv.url, retry: { initialDelayMs: 1 } });
    async function* gen() {
      yield new TextEncoder().encode('STREAMED-PART');
    }
    const r = await client.request<{ body: string }>({
      method: 'PUT',
      path: '/upload',
      bodyType: 'multipart',
      body: { file: { data: gen(), filename: 'f.bin' } },
    });
    expect(srv.requests).toHaveLength(2);
    expect(srv.requests[0]!.body).toContain('STREAMED-PART');
    expect(r.body).toContain('STREAMED-PART');
  });

  it('never replays a raw stream body', async () => {
    srv = await startServer((_req, res) => json(res, 503, {}));
    client = new HttpClient({ baseUrl: srv.url, retry: { initialDelayMs: 1 } });
    async function* gen() {
      yield new TextEncoder().encode('once');
    }
    const err = await client.request({ method: 'PUT', path: '/raw', body: gen() }).then(unexpected, caught);
    expect(err.status).toBe(503);
    expect(srv.requests).toHaveLength(1);
    expect(srv.requests[0]!.body).toBe('once');
  });
});
