// The kernel (HttpClientCore) runs an optional stage only when its platform brings it: without the logging stage the
// `logger` option is a ConfigError; with serializeJsonBody bodies are JSON or forms and anything else is refused
// before a request goes out; createBasicFetchTransport sends bodies as fetch takes them. HttpClientBase always has
// every stage, whatever platform it is given. Real requests to a node:http server on loopback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfigError,
  createBasicFetchTransport,
  createFetchTransport,
  HttpClientBase,
  HttpClientCore,
  type HttpLogEntry,
  type KernelPlatform,
  type Logger,
  logAttempt,
  serializeJsonBody,
  serializeSimpleBody,
  ValidationError,
} from '../src/index.js';
import { caught, json, startServer, type TestServer, unexpected } from './helpers/server.js';

let srv: TestServer;
beforeAll(async () => {
  srv = await startServer(async (req, res) => {
    if (req.url?.startsWith('/fail')) return json(res, 500, { message: 'broken' });
    return json(res, 200, { path: req.url, type: req.headers['content-type'] ?? null, body: req.body });
  });
});
afterAll(() => srv.close());

/** A lean platform: no logging stage, so its createLogger refuses every logger (as the modular Genesys one does). */
const refuseLogger = (): never => {
  throw new ConfigError('logger needs the logging stage');
};
const kernel: KernelPlatform = {
  createTransport: createBasicFetchTransport,
  serializeBody: serializeJsonBody,
  createLogger: refuseLogger,
};

function recorder(): { logger: Logger; entries: HttpLogEntry[] } {
  const entries: HttpLogEntry[] = [];
  return { logger: { logHttp: (e) => void entries.push(e) }, entries };
}

describe('logging stage', () => {
  it('without it a ready logger goes to createLogger, which refuses it; configure then changes nothing', () => {
    const { logger } = recorder();
    expect(() => new HttpClientCore({ baseUrl: srv.url, logger }, kernel)).toThrow(ConfigError);
    expect(() => new HttpClientCore({ baseUrl: srv.url, logger }, kernel)).toThrow(
      /^logger needs the logging stage$/,
    );
    const client = new HttpClientCore({ baseUrl: srv.url, timeout: 1000 }, kernel);
    expect(() => client.configure({ logger, timeout: 2000 })).toThrow(/logging stage/);
    expect(client.options.timeout).toBe(1000);
    expect(client.logger).toBeUndefined();
  });

  it('with it every attempt is logged: success, error status (with its body) and the retried attempts', async () => {
    const { logger, entries } = recorder();
    const client = new HttpClientCore(
      { baseUrl: srv.url, logger, retry: { maxRetries: 1, initialDelayMs: 1, statusCodes: [500] } },
      { ...kernel, logAttempt },
    );
    expect(await client.request({ method: 'GET', path: '/ok' })).toMatchObject({ path: '/ok' });
    await client.request({ method: 'GET', path: '/fail' }).then(unexpected, caught);
    expect(entries.map((e) => [e.url.replace(srv.url, ''), e.status, e.attempt])).toEqual([
      ['/ok', 200, 1],
      ['/fail', 500, 1],
      ['/fail', 500, 2],
    ]);
    expect(entries[2]?.responseBody).toEqual({ message: 'broken' });
    expect(typeof entries[0]?.durationMs).toBe('number');
  });

  it('HttpClientBase has it whatever its platform', async () => {
    const { logger, entries } = recorder();
    const client = new HttpClientBase(
      { baseUrl: srv.url, logger },
      { createTransport: createFetchTransport, createLogger: refuseLogger },
    );
    await client.request({ method: 'GET', path: '/base' });
    expect(entries.map((e) => e.status)).toEqual([200]);
  });
});

describe('serializeJsonBody (the lean serializer)', () => {
  const lean = () => new HttpClientCore({ baseUrl: srv.url, retry: false }, kernel);

  it('sends plain objects, arrays and primitives as JSON and forms as form-urlencoded', async () => {
    const client = lean();
    expect(await client.request({ method: 'POST', path: '/j', body: { a: [1, 'x'] } })).toMatchObject({
      type: 'application/json',
      body: '{"a":[1,"x"]}',
    });
    expect(await client.request({ method: 'POST', path: '/n', body: 42 })).toMatchObject({ body: '42' });
    const form = await client.request({ method: 'POST', path: '/f', body: { a: 'b c' }, bodyType: 'form' });
    expect(form).toMatchObject({ type: 'application/x-www-form-urlencoded', body: 'a=b+c' });
    // bodyType json quotes a string, as the full serializer does
    expect(await client.request({ method: 'POST', path: '/s', body: 'hi', bodyType: 'json' })).toMatchObject({
      body: '"hi"',
    });
  });

  it('refuses strings, bytes, FormData and other body types before any request, naming the bodies stage', async () => {
    const client = lean();
    const before = srv.requests.length;
    for (const [body, bodyType, what] of [
      ['text', undefined, 'a string or a non-plain object'],
      [new Uint8Array([1]), undefined, 'a string or a non-plain object'],
      [new FormData(), undefined, 'a string or a non-plain object'],
      ['text', 'text', "bodyType 'text'"],
      [{ a: 1 }, 'multipart', "bodyType 'multipart'"],
    ] as const) {
      const err = await client
        .request({ method: 'POST', path: '/x', body, ...(bodyType ? { bodyType } : {}) })
        .then(unexpected, caught);
      expect(err).toBeInstanceOf(ValidationError);
      expect(err.message).toBe(`request body: ${what} needs the bodies stage (or bodyType 'json')`);
    }
    expect(srv.requests.length).toBe(before);
  });

  it('the bodies stage (serializeSimpleBody on createFetchTransport) sends text and streamed bodies', async () => {
    const full = new HttpClientCore(
      { baseUrl: srv.url },
      {
        createTransport: createFetchTransport,
        serializeBody: serializeSimpleBody,
        createLogger: refuseLogger,
      },
    );
    expect(await full.request({ method: 'POST', path: '/t', body: 'text' })).toMatchObject({
      type: 'text/plain; charset=utf-8',
      body: 'text',
    });
    async function* chunks() {
      yield new TextEncoder().encode('a');
      yield new TextEncoder().encode('b');
    }
    expect(
      await full.request({ method: 'POST', path: '/b', body: chunks(), bodyType: 'binary' }),
    ).toMatchObject({ type: 'application/octet-stream', body: 'ab' });
  });
});
