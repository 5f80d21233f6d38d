// The Node transport's event-stream path: a GET that accepts text/event-stream is dispatched with our own undici
// handler and answers with a PushedBody (no Readable in between). Against a real loopback server: bytes in order
// by both ways of reading, flow control down to the socket, early exits releasing the connection, headers,
// failures before and after the headers.
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbortError, createTransport } from '../src/index.js';
import { PushedBody } from '../src/streaming/pushed-body.js';
import { startServer, type TestServer } from './helpers/server.js';

const CHUNK = 'x'.repeat(16 * 1024);
const CHUNKS = 1000; // 16 MB: more than loopback socket buffers and the body’s high-water mark hold together

let srv: TestServer;
const open: ServerResponse[] = [];
/** Per /bulk connection: whether every chunk was written through ('drain' reached after the last write). */
const flushed: boolean[] = [];
const closed: boolean[] = [];

beforeAll(async () => {
  srv = await startServer((req, res) => {
    open.push(res);
    const u = new URL(req.url ?? '/', 'http://x');
    if (u.pathname === '/bulk') {
      const slot = flushed.push(false) - 1;
      closed.push(false);
      res.on('close', () => (closed[slot] = true));
      res.writeHead(200, { 'content-type': 'text/event-stream', 'x-twice': ['a', 'b'] });
      let i = 0;
      const write = () => {
        while (i < CHUNKS) {
          if (!res.write(CHUNK + (++i === CHUNKS ? '!' : ''))) {
            res.once('drain', write);
            return;
          }
        }
        flushed[slot] = true;
        res.end();
      };
      write();
      return;
    }
    if (u.pathname === '/cut') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: 1\n\n', () => setTimeout(() => res.destroy(), 20));
      return;
    }
    if (u.pathname === '/silent') {
      // Headers only after a while: an abort must not have to wait for them.
      setTimeout(() => {
        if (!res.destroyed) res.writeHead(200, { 'content-type': 'text/event-stream' }).end();
      }, 2000);
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"nope"}');
  });
});

afterAll(async () => {
  for (const r of open) r.destroy();
  await srv.close();
});

const transport = createTransport();
afterAll(() => transport.close?.());

const get = (path: string, signal?: AbortSignal) =>
  transport({
    method: 'GET',
    url: `${srv.url}${path}`,
    headers: { accept: 'text/event-stream' },
    ...(signal ? { signal } : {}),
  });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Node transport: event streams as a PushedBody', () => {
  it('answers an event-stream GET with a PushedBody whose iterator gives every byte in order', async () => {
    const res = await get('/bulk');
    expect(res.status).toBe(200);
    expect(res.statusText).toBe('OK');
    expect(res.headers['content-type']).toBe('text/event-stream');
    // Repeated headers are joined, as for every other response of the transport.
    expect(res.headers['x-twice']).toBe('a, b');
    expect(res.body).toBeInstanceOf(PushedBody);
    let bytes = 0;
    let last = 0;
    for await (const chunk of res.body!) {
      bytes += chunk.byteLength;
      last = chunk[chunk.byteLength - 1]!;
    }
    expect(bytes).toBe(CHUNK.length * CHUNKS + 1);
    expect(String.fromCharCode(last)).toBe('!');
  });

  it('other requests keep undici’s own body', async () => {
    const res = await transport({ method: 'GET', url: `${srv.url}/bulk`, headers: {} });
    expect(res.body).not.toBeInstanceOf(PushedBody);
    for await (const _ of res.body!) break;
  });

  it('a reader that holds reading stops the socket; resuming delivers the rest, in order', async () => {
    const slot = flushed.length;
    const res = await get('/bulk');
    const body = res.body as PushedBody;
    let bytes = 0;
    let held = false;
    const ended = new Promise<unknown>((resolve) => {
      body.read({
        data(chunk) {
          bytes += chunk.byteLength;
          if (!held) {
            held = true;
            body.pause();
          }
        },
        end: resolve,
      });
    });
    await sleep(300);
    // Held after the first chunk: the server could not write everything, and little more than one chunk arrived.
    expect(flushed[slot]).toBe(false);
    const whileHeld = bytes;
    expect(whileHeld).toBeLessThan(CHUNK.length * 8);
    body.resume();
    expect(await ended).toBeUndefined();
    expect(bytes).toBe(CHUNK.length * CHUNKS + 1);
    expect(flushed[slot]).toBe(true);
  });

  it('an iterator that stops early, or destroy(), closes the connection', async () => {
    const slot = closed.length;
    const res = await get('/bulk');
    for await (const _ of res.body!) break;
    const slot2 = closed.length;
    const res2 = await get('/bulk');
    const body2 = res2.body as PushedBody;
    const ended = new Promise<unknown>((resolve) => body2.read({ data() {}, end: resolve }));
    body2.destroy(new Error('enough'));
    for (let i = 0; i < 50 && !(closed[slot] && closed[slot2]); i++) await sleep(20);
    expect(closed[slot]).toBe(true);
    expect(closed[slot2]).toBe(true);
    // The reader that destroyed the body is not called back with its own error.
    expect(await Promise.race([ended, sleep(100).then(() => 'no end')])).toBe('no end');
    expect(flushed[slot]).toBe(false);
  });

  it('a connection cut after the headers ends the body with the error', async () => {
    const res = await get('/cut');
    const body = res.body as PushedBody;
    const chunks: string[] = [];
    const err = await new Promise<unknown>((resolve) =>
      body.read({ data: (c) => chunks.push(Buffer.from(c).toString()), end: resolve }),
    );
    expect(chunks.join('')).toBe('data: 1\n\n');
    expect(err).toBeInstanceOf(Error);
  });

  it('an abort before the headers rejects at once; an error status keeps its body', async () => {
    const ctl = new AbortController();
    const started = performance.now();
    const pending = get('/silent', ctl.signal);
    setTimeout(() => ctl.abort(), 50);
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    expect(performance.now() - started).toBeLessThan(1500);
    const res = await get('/missing');
    expect(res.status).toBe(404);
    let text = '';
    for await (const c of res.body!) text += Buffer.from(c).toString();
    expect(text).toBe('{"error":"nope"}');
  });
});
