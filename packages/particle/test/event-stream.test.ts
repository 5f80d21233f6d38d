import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Particle, ParticleApiError, type ParticleEvent } from '../src/index.js';

/** An SSE server publishing events 1..total; `behave` decides how each connection misbehaves. */
async function sseServer(
  total: number,
  behave: (conn: number, res: ServerResponse) => { dropAfter?: number; stallAfter?: number; status?: number },
) {
  const connections: { url: string; lastEventId?: string; auth?: string }[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const conn = connections.length;
    connections.push({
      url: req.url ?? '',
      lastEventId: req.headers['last-event-id'] as string | undefined,
      auth: req.headers.authorization,
    });
    const plan = behave(conn, res);
    if (plan.status) {
      res.writeHead(plan.status, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: 'invalid_token',
          error_description: 'The access token provided is invalid.',
        }),
      );
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(':ok\n\n');
    let next = Number(req.headers['last-event-id'] ?? 0) + 1;
    let sent = 0;
    const tick = setInterval(() => {
      if (plan.stallAfter !== undefined && sent >= plan.stallAfter) return;
      if (plan.dropAfter !== undefined && sent >= plan.dropAfter) {
        clearInterval(tick);
        res.socket?.destroy();
        return;
      }
      if (next > total) return;
      const data = JSON.stringify({
        data: `v${next}`,
        ttl: 60,
        published_at: '2026-01-01T00:00:00Z',
        coreid: 'dev1',
      });
      res.write(`id: ${next}\nevent: temp\ndata: ${data}\n\n`);
      next++;
      sent++;
    }, 5);
    res.on('close', () => clearInterval(tick));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  cleanups.push(close);
  return { url, connections, close };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const until = async (cond: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('getEventStream', () => {
  it('builds the particle-api-js URL and sends the token', async () => {
    const srv = await sseServer(1, () => ({}));
    const p = new Particle({ baseUrl: srv.url, auth: 'dflt' });
    const s1 = await p.getEventStream({ deviceId: 'mine', name: 'a/b c' });
    const s2 = await p.getEventStream({ product: 7, deviceId: 'abc', auth: 'other' });
    const s3 = await p.getEventStream({ org: 'acme' });
    s1.abort();
    s2.abort();
    s3.abort();
    // Like particle-api-js, each stream URL carries a cache-busting nonce (performance.now()).
    for (const c of srv.connections) expect(c.url).toMatch(/\?nonce=\d+(\.\d+)?$/);
    expect(srv.connections.map((c) => [c.url.replace(/\?nonce=.*$/, ''), c.auth])).toEqual([
      ['/v1/devices/events/a%2Fb%20c', 'Bearer dflt'],
      ['/v1/products/7/devices/abc/events', 'Bearer other'],
      ['/v1/orgs/acme/events', 'Bearer dflt'],
    ]);
  });

  it('reconnects after drops and resumes with Last-Event-ID: no event lost or repeated', async () => {
    const srv = await sseServer(30, (conn) => (conn < 3 ? { dropAfter: 7 } : {}));
    const p = new Particle({ baseUrl: srv.url });
    const stream = await p.getEventStream({ deviceId: 'mine', auth: 't', initialDelayMs: 20 });
    const got: ParticleEvent[] = [];
    const seen: string[] = [];
    stream.on('event', (e: ParticleEvent) => got.push(e));
    for (const ev of ['disconnect', 'reconnect', 'reconnect-success', 'reconnect-error'])
      stream.on(ev, () => seen.push(ev));
    await until(() => got.length >= 30);
    await new Promise((r) => setTimeout(r, 50));
    stream.abort();
    expect(got.map((e) => e.data)).toEqual(Array.from({ length: 30 }, (_, i) => `v${i + 1}`));
    expect(got[0]).toEqual({
      name: 'temp',
      data: 'v1',
      ttl: 60,
      published_at: '2026-01-01T00:00:00Z',
      coreid: 'dev1',
    });
    expect(srv.connections.map((c) => c.lastEventId)).toEqual([undefined, '7', '14', '21']);
    expect(seen.filter((e) => e === 'disconnect')).toHaveLength(3);
    expect(seen.filter((e) => e === 'reconnect-success')).toHaveLength(3);
  });

  it('reconnects when the connection goes silent (heartbeat timeout)', async () => {
    const srv = await sseServer(6, (conn) => (conn === 0 ? { stallAfter: 3 } : {}));
    const p = new Particle({ baseUrl: srv.url });
    const stream = await p.getEventStream({ auth: 't', heartbeatTimeoutMs: 200, initialDelayMs: 10 });
    const got: string[] = [];
    stream.on('event', (e: ParticleEvent) => got.push(e.data));
    await until(() => got.length >= 6);
    stream.abort();
    expect(got).toEqual(['v1', 'v2', 'v3', 'v4', 'v5', 'v6']);
    expect(srv.connections[1]!.lastEventId).toBe('3');
  });

  it('rejects when the first connection is refused, with the body kept', async () => {
    const srv = await sseServer(1, () => ({ status: 401 }));
    const err = await new Particle({ baseUrl: srv.url })
      .getEventStream({ auth: 'bad' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParticleApiError);
    expect(err).toMatchObject({ status: 401, statusCode: 401 });
    expect((err as ParticleApiError).errorDescription).toMatch(
      /^HTTP error 401 from http:\/\/127\.0\.0\.1:\d+\/v1\/events\?nonce=/,
    );
    expect(String((err as { text?: string }).text)).toContain('invalid_token');
  });

  it('reports a stream that ends for good with an error event', async () => {
    const srv = await sseServer(2, (conn) => (conn === 0 ? { dropAfter: 2 } : { status: 401 }));
    const stream = await new Particle({ baseUrl: srv.url }).getEventStream({ auth: 't', initialDelayMs: 10 });
    const errors: unknown[] = [];
    stream.on('error', (e: unknown) => errors.push(e));
    await until(() => errors.length === 1);
    expect(errors[0]).toMatchObject({ status: 401 });
    stream.abort();
  });
});

describe('events() async iterator', () => {
  it('yields events across drops and ends on break, closing the connection', async () => {
    const srv = await sseServer(12, (conn) => (conn === 0 ? { dropAfter: 5 } : {}));
    const p = new Particle({ baseUrl: srv.url, auth: 't' });
    const got: string[] = [];
    for await (const e of p.events({ deviceId: 'mine', name: 'temp', initialDelayMs: 10 })) {
      got.push(e.data);
      if (got.length === 12) break;
    }
    expect(got).toEqual(Array.from({ length: 12 }, (_, i) => `v${i + 1}`));
    expect(srv.connections[0]!.url).toBe('/v1/devices/events/temp');
    expect(srv.connections[1]!.lastEventId).toBe('5');
  });

  it('connects on the first next(), and return() before any next() never connects', async () => {
    const srv = await sseServer(3, () => ({}));
    const p = new Particle({ baseUrl: srv.url, auth: 't' });
    const unused = p.events({ name: 'temp' });
    const it = p.events({ name: 'temp', highWaterMark: 2 });
    await new Promise((r) => setTimeout(r, 100));
    expect(srv.connections).toHaveLength(0);
    await expect(unused.return()).resolves.toEqual({ value: undefined, done: true });
    await expect(unused.next()).resolves.toEqual({ value: undefined, done: true });
    const first = await it.next();
    expect(first.value).toMatchObject({ name: 'temp', data: 'v1', coreid: 'dev1', ttl: 60 });
    expect((await it.next()).value?.data).toBe('v2');
    await it.return();
    expect(srv.connections).toHaveLength(1);
  });

  it('rejects a bad highWaterMark on the first next()', async () => {
    const p = new Particle({ baseUrl: 'http://127.0.0.1:9', auth: 't' });
    await expect(p.events({ highWaterMark: -1 }).next()).rejects.toThrow(/highWaterMark/);
  });

  it('ends cleanly when the AbortSignal fires', async () => {
    const srv = await sseServer(1000, () => ({}));
    const ac = new AbortController();
    const got: string[] = [];
    for await (const e of new Particle({ baseUrl: srv.url }).events({ auth: 't', signal: ac.signal })) {
      got.push(e.data);
      if (got.length === 3) ac.abort();
    }
    expect(got.slice(0, 3)).toEqual(['v1', 'v2', 'v3']);
  });
});
