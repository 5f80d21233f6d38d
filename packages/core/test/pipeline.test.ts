// The request pipeline's cheap paths keep their behaviour: which signal the transport gets, whole-body reads,
// the client-level retry policy resolved once per configuration, hooks that run synchronously or not at all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AbortError,
  createTransport,
  HttpClient,
  TimeoutError,
  type Transport,
  type TransportRequest,
} from '../src/index.js';
import { loadParts } from '../src/transport/undici-parts.js';
import { caught, json, startServer, type TestServer, unexpected } from './helpers/server.js';

let srv: TestServer;
const real = createTransport();
let flaky = 0;

beforeAll(async () => {
  srv = await startServer(async (req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    switch (u.pathname) {
      case '/doc':
        return json(res, 200, { ok: true, n: 1 });
      case '/bom':
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        return void res.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"bom":"é"}')]));
      case '/slow':
        await new Promise((r) => setTimeout(r, 1500));
        return json(res, 200, { late: true });
      case '/flaky':
        // 503 twice, then 200.
        flaky++;
        return flaky % 3 === 0 ? json(res, 200, { after: flaky }) : json(res, 503, { status: 503 });
      default:
        return json(res, 404, { message: 'no route' });
    }
  });
});

afterAll(async () => {
  await real.close?.();
  await srv.close();
});

/** The real undici transport, recording what it was handed. */
function recording(): { transport: Transport; seen: TransportRequest[] } {
  const seen: TransportRequest[] = [];
  return {
    seen,
    transport: (req) => {
      seen.push(req);
      return real(req);
    },
  };
}

describe('signals handed to the transport', () => {
  it('none without a timeout or a caller signal; the caller signal as is without a timeout', async () => {
    const { transport, seen } = recording();
    const c = new HttpClient({ baseUrl: srv.url, transport, retry: false });
    expect(await c.request({ method: 'GET', path: '/doc' })).toEqual({ ok: true, n: 1 });
    expect(seen[0]?.signal).toBeUndefined();
    expect('timeout' in (seen[0] as object)).toBe(false);
    const ac = new AbortController();
    await c.request({ method: 'GET', path: '/doc', signal: ac.signal });
    expect(seen[1]?.signal).toBe(ac.signal);
    // The caller's abort still stops the request and is reported as an AbortError.
    const p = c.request({ method: 'GET', path: '/slow', signal: ac.signal });
    setTimeout(() => ac.abort(new Error('stop now')), 50);
    const err = await p.then(unexpected, caught);
    expect(err).toBeInstanceOf(AbortError);
    expect(String(err.cause)).toContain('stop now');
  });

  it('with a timeout, a joined signal that the timeout and the caller both abort', async () => {
    const { transport, seen } = recording();
    const c = new HttpClient({ baseUrl: srv.url, transport, retry: false, timeout: 200 });
    const timedOut = await c.request({ method: 'GET', path: '/slow' }).then(unexpected, caught);
    expect(timedOut).toBeInstanceOf(TimeoutError);
    expect(seen[0]?.signal?.aborted).toBe(true);
    expect(seen[0]?.timeout).toBe(200);
    const ac = new AbortController();
    const p = c.request({ method: 'GET', path: '/slow', signal: ac.signal, timeout: 5000 });
    setTimeout(() => ac.abort(new Error('user left')), 50);
    const aborted = await p.then(unexpected, caught);
    expect(aborted).toBeInstanceOf(AbortError);
    expect(seen[1]?.signal).not.toBe(ac.signal);
    expect(seen[1]?.signal?.aborted).toBe(true);
  });
});

describe('whole-body reads', () => {
  it("reads text through undici's body.text() and a plain async iterable by iteration, with the same result", async () => {
    let textCalls = 0;
    const viaText: Transport = async (req) => {
      const res = await real(req);
      const body = res.body as AsyncIterable<Uint8Array> & { text(): Promise<string> };
      const original = body.text.bind(body);
      body.text = () => {
        textCalls++;
        return original();
      };
      return res;
    };
    const viaIteration: Transport = async (req) => {
      const res = await real(req);
      const source = res.body as AsyncIterable<Uint8Array>;
      return { ...res, body: { [Symbol.asyncIterator]: () => source[Symbol.asyncIterator]() } };
    };
    const a = new HttpClient({ baseUrl: srv.url, transport: viaText, retry: false });
    const b = new HttpClient({ baseUrl: srv.url, transport: viaIteration, retry: false });
    // A UTF-8 byte-order mark is dropped either way; non-ASCII text survives.
    expect(await a.request({ method: 'GET', path: '/bom' })).toEqual({ bom: 'é' });
    expect(await b.request({ method: 'GET', path: '/bom' })).toEqual({ bom: 'é' });
    expect(textCalls).toBe(1);
    const bytesA = await a.request<Uint8Array>({ method: 'GET', path: '/bom', responseType: 'binary' });
    const bytesB = await b.request<Uint8Array>({ method: 'GET', path: '/bom', responseType: 'binary' });
    expect(bytesA).toBeInstanceOf(Uint8Array);
    expect([...bytesA]).toEqual([...bytesB]);
    expect([...bytesA.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // Error bodies too.
    const err = await a.request({ method: 'GET', path: '/nope' }).then(unexpected, caught);
    expect(err.body).toEqual({ message: 'no route' });
  });
});

describe('retry policy per configuration', () => {
  it('configure() changes the policy for the next request; a per-request policy still wins', async () => {
    flaky = 0;
    const c = new HttpClient({
      baseUrl: srv.url,
      retry: { maxRetries: 3, initialDelayMs: 1, maxDelayMs: 1 },
    });
    expect(await c.request({ method: 'GET', path: '/flaky' })).toEqual({ after: 3 });
    c.configure({ retry: false });
    flaky = 0;
    const err = await c.request({ method: 'GET', path: '/flaky' }).then(unexpected, caught);
    expect(err.status).toBe(503);
    flaky = 0;
    expect(
      await c.request({ method: 'GET', path: '/flaky', retry: { maxRetries: 2, initialDelayMs: 1 } }),
    ).toEqual({ after: 3 });
    c.configure({ retry: { maxRetries: 1, initialDelayMs: 1, maxDelayMs: 1 } });
    flaky = 0;
    const once = await c.request({ method: 'GET', path: '/flaky' }).then(unexpected, caught);
    expect(once.status).toBe(503);
    expect(flaky).toBe(2);
    await c.close();
  });
});

describe('hooks', () => {
  it('beforeRequest hooks (sync and async) still see and replace the prepared request', async () => {
    const { transport, seen } = recording();
    const c = new HttpClient({
      baseUrl: srv.url,
      transport,
      retry: false,
      hooks: {
        beforeRequest: [
          (r) => {
            r.headers['x-sync'] = '1';
          },
          async (r) => ({ ...r, url: r.url.replace('/nothing', '/doc') }),
        ],
      },
    });
    expect(await c.request({ method: 'GET', path: '/nothing' })).toEqual({ ok: true, n: 1 });
    expect(seen[0]?.headers['x-sync']).toBe('1');
    expect(seen[0]?.url).toBe(`${srv.url}/doc`);
  });
});

describe("undici's parts", () => {
  it('with undici 6 the Agent and request modules are found on their own', async () => {
    const parts = await loadParts();
    expect(parts.partial).toBe(true);
    expect(parts.statusText[404]).toBe('Not Found');
  });

  it('if those modules moved, the whole package serves the same requests', async () => {
    const parts = await loadParts(() => Promise.reject(new Error('Cannot find module')));
    expect(parts.partial).toBe(false);
    const agent = new parts.Agent({ connections: 2 });
    try {
      const res = await parts.request.call(agent, {
        origin: srv.url,
        path: '/doc?x=1',
        method: 'GET',
        headers: { accept: 'application/json' },
      });
      expect(res.statusCode).toBe(200);
      expect(await res.body.json()).toEqual({ ok: true, n: 1 });
      expect(srv.requests.at(-1)?.url).toBe('/doc?x=1');
    } finally {
      await agent.close();
    }
  });
});
