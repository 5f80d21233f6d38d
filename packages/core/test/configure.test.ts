// HttpClientBase's constructor and configure() share one checked apply step: the transport and logger are built by
// the platform when the configuration names them, a failed check or a failed build changes nothing, and a replaced
// pool of the client's own is closed. Requests run on a loopback server. Also: the helpers the Genesys runtime shares
// with the query builder, and ApiError's JSON form.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiError,
  AuthError,
  type ClientPlatform,
  type ClosableTransport,
  ConfigError,
  createFetchTransport,
  HttpClientBase,
  HttpClientCore,
  isTokenProvider,
  joinParam,
  type Logger,
  messageOf,
  NetworkError,
  paramString,
  serializeJsonBody,
  type TransportOptions,
} from '../src/index.js';
import { caught, json, startServer, type TestServer, unexpected } from './helpers/server.js';

let srv: TestServer;
beforeAll(async () => {
  srv = await startServer(async (req, res) => {
    if (req.url?.startsWith('/missing')) return json(res, 404, { message: 'gone' });
    return json(res, 200, { path: req.url });
  });
});
afterAll(() => srv.close());

/** A platform on fetch that records each transport it makes, the options it got, and when it is closed. */
function recordingPlatform() {
  const made: { options: TransportOptions; closed: number }[] = [];
  const loggers: object[] = [];
  const platform: ClientPlatform = {
    createTransport(options) {
      const entry = { options, closed: 0 };
      made.push(entry);
      if (options.proxy) throw new ConfigError('this platform has no proxy support');
      const t = createFetchTransport() as ClosableTransport;
      return Object.assign((req: Parameters<ClosableTransport>[0]) => t(req), {
        close: async () => {
          entry.closed++;
        },
      });
    },
    createLogger(o) {
      const logger: Logger = { logHttp: () => {}, close: () => void loggers.push(o) };
      return logger;
    },
  };
  return { platform, made, loggers };
}

describe('HttpClientBase configuration', () => {
  it('builds one transport at construction and another only when transport, proxy or tls change', async () => {
    const { platform, made } = recordingPlatform();
    const client = new HttpClientBase({ baseUrl: srv.url }, platform);
    expect(made).toHaveLength(1);
    expect(made[0]?.options).toEqual({});
    client.configure({ headers: { 'x-a': '1' }, retry: false, timeout: 5000 });
    expect(made).toHaveLength(1);
    expect(await client.request({ method: 'GET', path: '/one' })).toEqual({ path: '/one' });
    expect(srv.requests.at(-1)?.headers['x-a']).toBe('1');

    client.configure({ tls: { rejectUnauthorized: true } });
    expect(made).toHaveLength(2);
    expect(made[1]?.options.tls).toEqual({ rejectUnauthorized: true });
    // The pool it replaced is closed; the new one serves the next request.
    await new Promise((r) => setTimeout(r, 0));
    expect(made[0]?.closed).toBe(1);
    expect(await client.request({ method: 'GET', path: '/two' })).toEqual({ path: '/two' });

    // A transport of the caller's replaces the client's own, which is closed; close() then has nothing to close.
    const calls: string[] = [];
    const mine = createFetchTransport();
    client.configure({
      transport: (req) => {
        calls.push(req.url);
        return mine(req);
      },
    });
    await new Promise((r) => setTimeout(r, 0));
    expect(made[1]?.closed).toBe(1);
    await client.request({ method: 'GET', path: '/three' });
    expect(calls).toEqual([`${srv.url}/three`]);
    await client.close();
    expect(made.map((m) => m.closed)).toEqual([1, 1]);
  });

  it('a failed check or a transport that cannot be built leaves the client as it was', async () => {
    const { platform, made } = recordingPlatform();
    const client = new HttpClientBase({ baseUrl: srv.url, headers: { 'x-v': 'first' } }, platform);
    expect(() => client.configure({ baseUrl: 'not a url', headers: { 'x-v': 'second' } })).toThrow(
      /baseUrl is not a valid absolute URL: "not a url"/,
    );
    expect(() => client.configure({ timeout: -1 })).toThrow(
      /timeout must be a positive number of ms \(got -1\)/,
    );
    expect(() => client.configure({ proxy: 'http://proxy.test', headers: { 'x-v': 'third' } })).toThrow(
      'this platform has no proxy support',
    );
    expect(made).toHaveLength(2);
    expect(made[0]?.closed).toBe(0);
    expect(client.options.headers).toEqual({ 'x-v': 'first' });
    expect(client.options.proxy).toBeUndefined();
    await client.request({ method: 'GET', path: '/still' });
    expect(srv.requests.at(-1)?.headers['x-v']).toBe('first');
    await expect(client.request({ method: 'GET', path: '/x', timeout: 0 })).rejects.toThrow(
      /timeout must be a positive number of ms \(got 0\)/,
    );
  });

  it('logger options go to the platform once per change; the replaced logger is closed', () => {
    const { platform, loggers } = recordingPlatform();
    const client = new HttpClientBase({ baseUrl: srv.url, logger: { level: 'error' } }, platform);
    const first = client.logger;
    expect(first).toBeDefined();
    client.configure({ retry: false });
    expect(client.logger).toBe(first);
    expect(loggers).toEqual([]);
    client.configure({ logger: { level: 'debug' } });
    expect(client.logger).not.toBe(first);
    expect(loggers).toEqual([{ level: 'error' }]);
    client.configure({ logger: undefined });
    expect(client.logger).toBeUndefined();
    expect(loggers).toEqual([{ level: 'error' }, { level: 'debug' }]);
  });
});

describe('HttpClientCore: the pipeline without requestRaw', () => {
  it('requests, extended responses and ApiErrors as HttpClientBase; requestRaw only on HttpClientBase', async () => {
    const { platform } = recordingPlatform();
    const core = new HttpClientCore(
      { baseUrl: srv.url, retry: false },
      { ...platform, serializeBody: serializeJsonBody },
    );
    expect(await core.request({ method: 'GET', path: '/a' })).toEqual({ path: '/a' });
    const ext = await core.requestExtended<{ path: string }>({ method: 'GET', path: '/b' });
    expect(ext).toMatchObject({ status: 200, body: { path: '/b' }, error: null });
    const err = await core.request({ method: 'GET', path: '/missing' }).then(unexpected, caught);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.body).toEqual({ message: 'gone' });
    expect('requestRaw' in core).toBe(false);

    const full = new HttpClientBase({ baseUrl: srv.url }, platform);
    expect(full).toBeInstanceOf(HttpClientCore);
    const raw = await full.requestRaw({ method: 'GET', path: '/c' });
    let text = '';
    for await (const chunk of raw.body ?? []) text += Buffer.from(chunk).toString();
    expect(JSON.parse(text)).toEqual({ path: '/c' });
    const rawErr = await full.requestRaw({ method: 'GET', path: '/missing' }).then(unexpected, caught);
    expect(rawErr).toBeInstanceOf(ApiError);
    expect(rawErr.body).toEqual({ message: 'gone' });
  });
});

describe('shared helpers and error JSON', () => {
  it('paramString and joinParam write values as the query builder does', () => {
    const d = new Date('2026-11-23T10:00:00Z');
    expect(paramString(d)).toBe('2026-11-23T10:00:00.000Z');
    expect(paramString({ a: 1 })).toBe('{"a":1}');
    expect(paramString(7)).toBe('7');
    expect(joinParam(['a', 1, d])).toBe('a,1,2026-11-23T10:00:00.000Z');
    expect(joinParam(['a', 'b'], 'multi')).toBe('a,b');
    expect(joinParam(['a', 'b'], 'csv')).toBe('a,b');
    expect(joinParam(['a', 'b'], 'ssv')).toBe('a b');
    expect(joinParam(['a', 'b'], 'tsv')).toBe('a\tb');
    expect(joinParam(['a', 'b'], 'pipes')).toBe('a|b');
  });

  it('an error has a cause only when one was given (any options object may carry it)', () => {
    expect('cause' in new AuthError('no cause')).toBe(false);
    expect('cause' in new NetworkError('no cause', { code: 'ECONNRESET' })).toBe(false);
    const root = new Error('root');
    const err = new NetworkError('with cause', { cause: root, code: 'ECONNRESET' });
    expect(err.cause).toBe(root);
    expect(err.code).toBe('ECONNRESET');
    expect(Object.keys(err)).not.toContain('cause');
  });

  it('messageOf reads an Error message or stringifies any other thrown value', () => {
    expect(messageOf(new TypeError('fetch failed'))).toBe('fetch failed');
    expect(messageOf('plain')).toBe('plain');
    expect(messageOf(42)).toBe('42');
    expect(messageOf(undefined)).toBe('undefined');
  });

  it('isTokenProvider tells a provider from a token string or a plain object', () => {
    expect(isTokenProvider({ getAccessToken: async () => 't' })).toBe(true);
    expect(isTokenProvider('t')).toBe(false);
    expect(isTokenProvider({ accessToken: 't' })).toBe(false);
    expect(isTokenProvider(null)).toBe(false);
  });

  it("ApiError's JSON has name, message and every response field, in that order", async () => {
    const client = new HttpClientBase({ baseUrl: srv.url }, recordingPlatform().platform);
    const err = (await client
      .request({ method: 'GET', path: '/missing' })
      .then(unexpected, caught)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    const j = JSON.parse(JSON.stringify(err));
    expect(Object.keys(j)).toEqual([
      'name',
      'message',
      'status',
      'statusText',
      'headers',
      'body',
      'text',
      'request',
    ]);
    expect(j).toMatchObject({ name: 'ApiError', status: 404, body: { message: 'gone' } });
    expect(j.message).toBe(err.message);
    expect(Object.keys(err.toJSON())).toContain('correlationId');
  });
});
