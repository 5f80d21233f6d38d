import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as dist from '../dist/index.js';
import {
  AbortError,
  ApiError,
  AuthError,
  ConfigError,
  HttpClient,
  NetworkError,
  ParseError,
  SkyportError,
  TimeoutError,
  ValidationError,
} from '../src/index.js';
import { caught, startServer, type TestServer, unexpected } from './helpers/server.js';

describe('error classes', () => {
  it('names an error after its declared kind, so minified class names never show', () => {
    // What a minifier makes of `class ParticleApiError extends ApiError { static kind = 'ParticleApiError' }`.
    const nn = class nn extends ValidationError {
      static override readonly kind: string = 'RenamedError';
    };
    const e = new nn('bad');
    expect(e.name).toBe('RenamedError');
    expect(String(e)).toBe('RenamedError: bad');
    expect(e).toBeInstanceOf(ValidationError);
    // Without a kind of its own, a subclass keeps its constructor's name.
    const Plain = class Plain extends ValidationError {};
    expect(new Plain('x').name).toBe('Plain');
  });

  it('every class is a SkyportError and an Error', () => {
    const req = { method: 'GET', url: 'http://x' };
    const all = [
      new ApiError({ status: 500, statusText: '', headers: {}, body: undefined, text: '', request: req }),
      new NetworkError('n'),
      new TimeoutError('t', 1),
      new AbortError('a'),
      new ParseError('p', 'x'),
      new AuthError('au'),
      new ConfigError('c', { file: 'f', line: 2 }),
      new ValidationError('v'),
    ];
    for (const e of all) {
      expect(e).toBeInstanceOf(SkyportError);
      expect(e).toBeInstanceOf(Error);
      expect(e.name).toBe(e.constructor.name);
    }
    expect(all[0]).not.toBeInstanceOf(NetworkError);
    expect(all[6]?.message).toBe('c (f:2)');
  });

  it('instanceof works across two copies of the package (src vs built dist)', () => {
    const fromSrc = new ApiError({
      status: 404,
      statusText: 'Not Found',
      headers: {},
      body: {},
      text: '',
      request: { method: 'GET', url: 'http://x' },
    });
    expect(dist.ApiError).not.toBe(ApiError);
    expect(fromSrc).toBeInstanceOf(dist.ApiError);
    expect(fromSrc).toBeInstanceOf(dist.SkyportError);
    expect(fromSrc).not.toBeInstanceOf(dist.NetworkError);
    expect(new dist.TimeoutError('t', 1)).toBeInstanceOf(TimeoutError);
    expect(new dist.TimeoutError('t', 1)).not.toBeInstanceOf(AbortError);
    // A subclass someone else defines does not claim plain ApiErrors.
    class ParticleError extends dist.ApiError {}
    expect(fromSrc).not.toBeInstanceOf(ParticleError);
    expect({ message: 'plain object' }).not.toBeInstanceOf(SkyportError);
  });
});

describe('failures while streaming', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startServer(async (req, res) => {
      if (req.url === '/drop') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        res.write('{"partial":');
        setTimeout(() => res.destroy(), 20);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      for (let i = 0; i < 4; i++) {
        res.write(`chunk${i};`);
        await new Promise((r) => setTimeout(r, 150));
      }
      res.end();
    });
  });
  afterAll(() => srv.close());

  it('a connection dropped mid-body is a NetworkError', async () => {
    const client = new HttpClient({ baseUrl: srv.url, retry: false });
    const err = await client.request({ method: 'GET', path: '/drop' }).then(unexpected, caught);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.cause).toBeDefined();
    await client.close();
  });

  it('the timeout covers the wait for headers only when streaming', async () => {
    const client = new HttpClient({ baseUrl: srv.url, timeout: 200 });
    const res = await client.requestRaw({ method: 'GET', path: '/stream', responseType: 'stream' });
    expect(res.statusText).toBe('OK');
    let text = '';
    for await (const c of res.body ?? []) text += Buffer.from(c).toString();
    expect(text).toBe('chunk0;chunk1;chunk2;chunk3;');
    // Buffered, the same 200 ms timeout covers the whole body.
    const err = await client.request({ method: 'GET', path: '/stream' }).then(unexpected, caught);
    expect(err).toBeInstanceOf(TimeoutError);
    await client.close();
  });

  it('aborting a stream while reading raises AbortError', async () => {
    const client = new HttpClient({ baseUrl: srv.url });
    const ac = new AbortController();
    const res = await client.requestRaw({ method: 'GET', path: '/stream', signal: ac.signal });
    const err = await (async () => {
      for await (const _ of res.body ?? []) ac.abort();
    })().then(unexpected, caught);
    expect(err).toBeInstanceOf(AbortError);
    await client.close();
  });
});
