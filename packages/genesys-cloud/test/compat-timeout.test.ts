// Request timeouts of the compat layer (ApiClient.timeout, 16 s by default): requests share deadline signals
// (src/compat/deadline.ts) instead of a timer and an AbortController each. Against a node:http server on loopback.
import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TimeoutError } from '@skyport/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Deadlines } from '../src/compat/deadline';
import { deadlines } from '../src/compat/http';
import { ApiClient, DefaultHttpClient, type HttpRequestOptions, UsersApi } from '../src/compat/index';
import { useLoopback } from './compat/helpers';

const here = dirname(fileURLToPath(import.meta.url));
let server: Server;
let port: number;
const hanging = new Set<ServerResponse>();

beforeAll(async () => {
  // /api/v2/users/me answers after ?delay= ms (default at once); /api/v2/users/{id} never answers.
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/api/v2/users/me') {
      const send = () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: 'me' }));
      };
      const delay = Number(req.headers['x-delay'] ?? 0);
      if (delay > 0) setTimeout(send, delay);
      else send();
      return;
    }
    hanging.add(res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  for (const res of hanging) res.destroy();
  server.closeAllConnections();
  await new Promise((ok) => server.close(ok));
});

function client(timeout: number): ApiClient {
  const c = new ApiClient({ register: false });
  useLoopback(c, port);
  c.setAccessToken('tok');
  c.timeout = timeout;
  return c;
}

describe('compat request timeouts', () => {
  it('a call without an answer rejects with TimeoutError once the timeout has passed', async () => {
    const started = performance.now();
    const pending = new UsersApi(client(300)).getUser('u1').catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    expect(deadlines.inFlight).toBe(1); // the request holds a shared deadline, not a timer of its own
    const err = await pending;
    const elapsed = performance.now() - started;
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).message).toBe(
      `GET http://127.0.0.1:${port}/api/v2/users/u1 timed out after 300 ms`,
    );
    expect((err as TimeoutError).timeout).toBe(300);
    expect(elapsed).toBeGreaterThanOrEqual(299);
    expect(deadlines.inFlight).toBe(0);
  });

  it('answers within the timeout resolve, also many at once, and no timer outlives them', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      const users = new UsersApi(client(5000));
      const results = await Promise.all(
        Array.from({ length: 40 }, () => users.getUsersMe({ customHeaders: { 'x-delay': '20' } })),
      );
      expect(results).toEqual(Array.from({ length: 40 }, () => ({ id: 'me' })));
      expect(deadlines.inFlight).toBe(0);
      // 40 requests listening to one shared signal: Node's listener limit is lifted for it.
      await new Promise((r) => setImmediate(r));
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('a script that made a call exits at once (the shared timer does not keep Node alive)', async () => {
    const script = `const p = require('@skyport/genesys-cloud/compat');
      const c = p.ApiClient.instance;
      c.setGateway({ host: '127.0.0.1', protocol: 'http', port: ${port}, path_params_login: 'login', path_params_api: '' });
      c.setAccessToken('tok');
      new p.UsersApi().getUsersMe().then((me) => { console.log(JSON.stringify(me)); c.getHttpClient().close(); });`;
    const started = performance.now();
    const out = await new Promise<string>((ok, ko) =>
      execFile(process.execPath, ['-e', script], { cwd: here, timeout: 15_000 }, (err, stdout) =>
        err ? ko(err) : ok(stdout),
      ),
    );
    expect(JSON.parse(out)).toEqual({ id: 'me' });
    expect(performance.now() - started).toBeLessThan(10_000); // the slot's timer is 16 s
  }, 20_000);

  it('a slow answer past the timeout times out while a quick one of the same moment resolves', async () => {
    const users = new UsersApi(client(250));
    const [slow, quick] = await Promise.all([
      users.getUsersMe({ customHeaders: { 'x-delay': '800' } }).catch((e: unknown) => e),
      users.getUsersMe(),
    ]);
    expect(slow).toBeInstanceOf(TimeoutError);
    expect(quick).toEqual({ id: 'me' });
    expect(deadlines.inFlight).toBe(0);
  });

  it('with a caller signal the request is still timed out (by @skyport/core)', async () => {
    const c = client(200);
    class WithSignal extends DefaultHttpClient {
      override request(options: HttpRequestOptions) {
        options.signal = new AbortController().signal;
        return super.request(options);
      }
    }
    c.setHttpClient(new WithSignal());
    const err = await new UsersApi(c).getUser('u2').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(deadlines.inFlight).toBe(0);
  });
});

describe('Deadlines', () => {
  it('aborts a slot no earlier than its timeout and at most one slot later, and marks it expired', async () => {
    const d = new Deadlines();
    const started = performance.now();
    const slot = d.acquire(150);
    expect(d.inFlight).toBe(1);
    await new Promise((r) => slot.signal.addEventListener('abort', r, { once: true }));
    const elapsed = performance.now() - started;
    expect(slot.expired).toBe(true);
    expect(elapsed).toBeGreaterThanOrEqual(149);
    expect(d.timers).toBe(0);
    slot.release(); // the request that held it is done: nothing left
    expect(d.inFlight).toBe(0);
    expect(d.acquire(150).signal).not.toBe(slot.signal); // a new request gets a live slot
  });

  it('shares a slot between requests of the same moment; a slot over and unheld has its timer cleared', async () => {
    const seen: AbortSignal[] = [];
    const d = new Deadlines((s) => seen.push(s));
    const a = d.acquire(60_000);
    const b = d.acquire(60_000);
    // Two acquisitions a few microseconds apart fall in the same 100 ms slot unless a slot boundary lies between.
    if (a.slot === b.slot) expect(b.signal).toBe(a.signal);
    const other = d.acquire(30_000);
    expect(other.signal).not.toBe(a.signal);
    expect(seen).toContain(a.signal);
    expect(d.inFlight).toBe(3);
    a.release();
    b.release();
    other.release();
    expect(d.inFlight).toBe(0);
    expect(a.signal.aborted).toBe(false);
    // The current slot of each timeout waits for more requests of its moment; a later request replaces it and,
    // with nobody holding the old one, its timer is cleared.
    await new Promise((r) => setTimeout(r, 120));
    const c = d.acquire(60_000);
    expect(c.signal).not.toBe(a.signal);
    expect(a.open).toBe(false);
    expect(d.timers).toBe(2); // the 60 s slot of c and the idle 30 s one
    c.release();
    expect(c.open).toBe(true);
  });
});
