import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AbortError,
  ApiError,
  createLogger,
  createTransport,
  HttpClient,
  HttpClientBase,
  NetworkError,
  ParseError,
  SkyportError,
  TimeoutError,
  type Transport,
  ValidationError,
} from '../src/index.js';
import { caught, json, startServer, type TestServer, unexpected } from './helpers/server.js';

let srv: TestServer;
let client: HttpClient;

beforeAll(async () => {
  srv = await startServer(async (req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    switch (u.pathname) {
      case '/base/echo':
        return json(
          res,
          200,
          { method: req.method, url: req.url, headers: req.headers, body: req.body },
          {
            'inin-correlation-id': 'corr-1',
          },
        );
      case '/base/text':
        res.writeHead(200, { 'content-type': 'text/plain' });
        return void res.end('hello');
      case '/base/bytes':
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        return void res.end(Buffer.from([1, 2, 3, 255]));
      case '/base/badjson':
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end('{"broken":');
      case '/base/html500':
        res.writeHead(500, { 'content-type': 'text/html', 'inin-correlation-id': 'corr-500' });
        return void res.end('<html>upstream exploded</html>');
      case '/base/notfound':
        return json(res, 404, { status: 404, code: 'not.found', message: 'The requested operation failed' });
      case '/base/empty':
        res.writeHead(204);
        return void res.end();
      case '/base/slow':
        await new Promise((r) => setTimeout(r, 2000));
        return json(res, 200, { late: true });
      case '/base/slowbody':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"a":');
        await new Promise((r) => setTimeout(r, 2000));
        return void res.end('1}');
      default:
        return json(res, 404, { message: 'no route' });
    }
  });
  client = new HttpClient({ baseUrl: `${srv.url}/base`, headers: { 'X-Default': 'd' }, retry: false });
});

afterAll(async () => {
  await client.close();
  await srv.close();
});

describe('request building', () => {
  it('encodes path params and serialises query collection formats', async () => {
    const r = await client.request<{ url: string }>({
      method: 'GET',
      path: '/{name}',
      pathParams: { name: 'echo' },
      query: {
        multi: ['a', 'b'],
        csv: [1, 2],
        ssv: ['x', 'y'],
        tsv: ['p', 'q'],
        pipes: ['m', 'n'],
        skip: undefined,
        nul: null,
        s: 'a b&c',
      },
      queryFormat: { csv: 'csv', ssv: 'ssv', tsv: 'tsv', pipes: 'pipes' },
    });
    expect(r.url).toBe('/base/echo?multi=a&multi=b&csv=1%2C2&ssv=x%20y&tsv=p%09q&pipes=m%7Cn&s=a%20b%26c');
  });

  it('escapes reserved characters in path params', async () => {
    const err = await client
      .request({ method: 'GET', path: '/echo/{id}', pathParams: { id: 'a/b?c#d' } })
      .then(unexpected, caught);
    expect(err).toBeInstanceOf(ApiError);
    expect(srv.requests.at(-1)?.url).toBe('/base/echo/a%2Fb%3Fc%23d');
  });

  it('rejects a missing path param with a ValidationError naming it', async () => {
    const err = await client.request({ method: 'GET', path: '/users/{userId}' }).then(unexpected, caught);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err).toBeInstanceOf(SkyportError);
    expect(err.message).toContain('userId');
  });

  it('rejects malformed request options with ValidationErrors that say what is wrong', async () => {
    const bad = [
      { method: 'GET', path: '/echo', query: 'a=1' },
      { method: 'GET', path: '/echo', pathParams: ['x'] },
      { method: 'GET', path: '/echo', timeout: -5 },
      { method: '', path: '/echo' },
    ];
    for (const req of bad) {
      const err = await client.request(req as never).then(unexpected, caught);
      expect(err).toBeInstanceOf(ValidationError);
    }
    const err = await client
      .request({ method: 'GET', path: '/echo', query: 'a=1' as never })
      .then(unexpected, caught);
    expect(err.message).toMatch(/query must be an object.*string/);
  });

  it('merges default and per-request headers, sends JSON bodies', async () => {
    const r = await client.request<{ headers: Record<string, string>; body: string; method: string }>({
      method: 'post',
      path: '/echo',
      headers: { 'X-Custom': 'c' },
      body: { a: 1, nested: { b: [1, 2] } },
    });
    expect(r.method).toBe('POST');
    expect(r.headers['x-default']).toBe('d');
    expect(r.headers['x-custom']).toBe('c');
    expect(r.headers['content-type']).toBe('application/json');
    expect(JSON.parse(r.body)).toEqual({ a: 1, nested: { b: [1, 2] } });
  });

  it('sends form-urlencoded bodies', async () => {
    const r = await client.request<{ headers: Record<string, string>; body: string }>({
      method: 'POST',
      path: '/echo',
      body: { grant_type: 'password', scope: ['a', 'b'], skip: undefined },
      bodyType: 'form',
    });
    expect(r.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(r.body).toBe('grant_type=password&scope=a&scope=b');
    const bad = await client
      .request({ method: 'POST', path: '/echo', body: { nested: { a: 1 } }, bodyType: 'form' })
      .then(unexpected, caught);
    expect(bad).toBeInstanceOf(ValidationError);
    expect(bad.message).toContain('"nested"');
  });

  it('sends multipart bodies with files from a path, bytes, a Blob and a stream', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skyport-mp-'));
    const file = join(dir, 'firmware.bin');
    writeFileSync(file, 'FILE-CONTENT');
    async function* gen() {
      yield new TextEncoder().encode('STREAM-');
      yield new TextEncoder().encode('CONTENT');
    }
    const progress: number[] = [];
    const r = await client.request<{ headers: Record<string, string>; body: string }>({
      method: 'PUT',
      path: '/echo',
      bodyType: 'multipart',
      body: {
        fromPath: { data: file, contentType: 'application/octet-stream' },
        fromBytes: { data: new Uint8Array([65, 66, 67]), filename: 'abc.txt', contentType: 'text/plain' },
        fromBlob: { data: new Blob(['BLOB']), filename: 'b.bin' },
        fromStream: { data: gen(), filename: 's.bin' },
        note: 'hello',
        many: ['1', '2'],
      },
      onUploadProgress: (p) => progress.push(p.loaded),
    });
    expect(r.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(r.body).toContain('filename="firmware.bin"');
    expect(r.body).toContain('FILE-CONTENT');
    expect(r.body).toContain('filename="abc.txt"');
    expect(r.body).toContain('ABC');
    expect(r.body).toContain('BLOB');
    expect(r.body).toContain('STREAM-CONTENT');
    expect(r.body).toMatch(/name="note"\r\n\r\nhello/);
    expect(r.body.match(/name="many"/g)).toHaveLength(2);
  });

  it('reports upload progress for byte bodies', async () => {
    const big = new Uint8Array(200_000).fill(7);
    const seen: Array<{ loaded: number; total?: number }> = [];
    await client.request({ method: 'POST', path: '/echo', body: big, onUploadProgress: (p) => seen.push(p) });
    expect(seen.at(-1)).toEqual({ loaded: 200_000, total: 200_000 });
    expect(seen.length).toBeGreaterThan(2);
  });

  it('runs beforeRequest and afterResponse hooks', async () => {
    const seen: number[] = [];
    const c = new HttpClient({
      baseUrl: `${srv.url}/base`,
      hooks: {
        beforeRequest: [
          (req) => {
            req.headers['x-hooked'] = 'yes';
          },
        ],
        afterResponse: [(res) => void seen.push(res.status)],
      },
    });
    const r = await c.request<{ headers: Record<string, string> }>({ method: 'GET', path: '/echo' });
    expect(r.headers['x-hooked']).toBe('yes');
    expect(seen).toEqual([200]);
    await c.close();
  });
});

describe('custom transport (seed setHttpClient)', () => {
  it('runs the whole pipeline on a user-supplied transport built on node:http', async () => {
    const { request: httpRequest } = await import('node:http');
    const calls: string[] = [];
    const transport: Transport = (req) =>
      new Promise((resolve, reject) => {
        calls.push(`${req.method} ${req.url}`);
        const r = httpRequest(
          req.url,
          { method: req.method, headers: req.headers, signal: req.signal },
          (res) => {
            resolve({
              status: res.statusCode ?? 0,
              statusText: res.statusMessage ?? '',
              headers: Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, String(v)])),
              body: res,
            });
          },
        );
        r.on('error', reject);
        r.end(typeof req.body === 'string' ? req.body : undefined);
      });
    const c = new HttpClient({ baseUrl: `${srv.url}/base`, transport, proxy: 'http://ignored:1' });
    const r = await c.request<{ body: string }>({ method: 'POST', path: '/echo', body: { via: 'custom' } });
    expect(JSON.parse(r.body)).toEqual({ via: 'custom' });
    const err = await c.request({ method: 'GET', path: '/html500' }).then(unexpected, caught);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.text).toBe('<html>upstream exploded</html>');
    expect(calls).toEqual([`POST ${srv.url}/base/echo`, `GET ${srv.url}/base/html500`]);
  });
});

describe('responses', () => {
  it('parses JSON by content type, text otherwise, bytes on request', async () => {
    expect(await client.request({ method: 'GET', path: '/text' })).toBe('hello');
    const bytes = await client.request<Uint8Array>({ method: 'GET', path: '/bytes', responseType: 'binary' });
    expect([...bytes]).toEqual([1, 2, 3, 255]);
    expect(await client.request({ method: 'GET', path: '/empty' })).toBeUndefined();
  });

  it('returns extended responses when enabled per client or per request', async () => {
    const ext = await client.request<{ status: number; correlationId: string; text: string; error: unknown }>(
      {
        method: 'GET',
        path: '/echo',
        extended: true,
      },
    );
    expect(ext.status).toBe(200);
    expect(ext.correlationId).toBe('corr-1');
    expect(ext.error).toBeNull();
    expect(JSON.parse(ext.text).url).toBe('/base/echo');
    const c = new HttpClient({ baseUrl: `${srv.url}/base`, extendedResponses: true });
    const e2 = (await c.request({ method: 'GET', path: '/text' })) as {
      body: string;
      headers: Record<string, string>;
    };
    expect(e2.body).toBe('hello');
    expect(e2.headers['content-type']).toBe('text/plain');
    await c.close();
  });

  it('turns a 500 with a non-JSON body into an ApiError that keeps the text', async () => {
    const err = await client.request({ method: 'GET', path: '/html500' }).then(unexpected, caught);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toBeInstanceOf(Error);
    expect(err.status).toBe(500);
    expect(err.text).toBe('<html>upstream exploded</html>');
    expect(err.body).toBe('<html>upstream exploded</html>');
    expect(err.correlationId).toBe('corr-500');
    expect(err.request).toEqual({ method: 'GET', url: `${srv.url}/base/html500` });
    expect(err.message).toContain('500');
  });

  it('exposes seed-style fields on a JSON error', async () => {
    const err = await client.request({ method: 'GET', path: '/notfound' }).then(unexpected, caught);
    expect(err.status).toBe(404);
    expect(err.body.message).toBe('The requested operation failed');
    expect(err.error.message).toContain('The requested operation failed');
    expect(JSON.parse(JSON.stringify(err)).body.code).toBe('not.found');
  });

  it('raises ParseError with the text when a JSON body does not parse', async () => {
    const err = await client.request({ method: 'GET', path: '/badjson' }).then(unexpected, caught);
    expect(err).toBeInstanceOf(ParseError);
    expect(err.text).toBe('{"broken":');
    expect(err.cause).toBeInstanceOf(SyntaxError);
  });

  it('streams raw responses', async () => {
    const res = await client.requestRaw({ method: 'GET', path: '/text', responseType: 'stream' });
    const chunks: Uint8Array[] = [];
    for await (const c of res.body ?? []) chunks.push(c);
    expect(Buffer.concat(chunks).toString()).toBe('hello');
  });
});

describe('timeouts, aborts and network failures', () => {
  it('raises TimeoutError when headers are late', async () => {
    const t0 = Date.now();
    const err = await client.request({ method: 'GET', path: '/slow', timeout: 200 }).then(unexpected, caught);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.timeout).toBe(200);
    expect(Date.now() - t0).toBeLessThan(1500);
  });

  it('raises TimeoutError when the body is late', async () => {
    const err = await client
      .request({ method: 'GET', path: '/slowbody', timeout: 300 })
      .then(unexpected, caught);
    expect(err).toBeInstanceOf(TimeoutError);
  });

  it('raises AbortError with the reason when the signal fires', async () => {
    const ac = new AbortController();
    const p = client.request({ method: 'GET', path: '/slow', signal: ac.signal });
    setTimeout(() => ac.abort(new Error('user cancelled')), 50);
    const err = await p.then(unexpected, caught);
    expect(err).toBeInstanceOf(AbortError);
    expect(String(err.cause)).toContain('user cancelled');
  });

  it('raises NetworkError with the cause when nothing listens', async () => {
    const c = new HttpClient({ baseUrl: 'http://127.0.0.1:1', retry: false });
    const err = await c.request({ method: 'POST', path: '/x', body: {} }).then(unexpected, caught);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.code).toBe('ECONNREFUSED');
    expect(err.requestWritten).toBe(false);
    expect(err.cause).toBeDefined();
    const withSecret = await c
      .request({ method: 'GET', path: '/x', query: { access_token: 'SECRET-IN-URL-123' } })
      .then(unexpected, caught);
    expect(withSecret.message).not.toContain('SECRET-IN-URL-123');
    expect(withSecret.message).toContain('access_token=');
    await c.close();
  });

  it('rejects bad options with ConfigError', () => {
    expect(() => new HttpClient({ baseUrl: 'not a url' })).toThrow(/baseUrl/);
    expect(() => new HttpClient({ baseUrl: 'http://x', timeout: -1 })).toThrow(/timeout/);
  });
});

describe('binary and raw bodies', () => {
  type Echo = { body: string; headers: Record<string, string> };
  const send = (body: unknown, bodyType?: 'binary' | 'raw', headers?: Record<string, string>) =>
    client.request<Echo>({ method: 'PUT', path: '/echo', body, ...(bodyType ? { bodyType } : {}), headers });

  it('binary: bytes, ArrayBuffer and strings as application/octet-stream, a Blob with its own type', async () => {
    const bytes = await send(new TextEncoder().encode('bytes'));
    expect(bytes).toMatchObject({ body: 'bytes', headers: { 'content-type': 'application/octet-stream' } });
    const buffer = await send(new TextEncoder().encode('buffer').buffer, 'binary');
    expect(buffer).toMatchObject({ body: 'buffer', headers: { 'content-type': 'application/octet-stream' } });
    const text = await send('as binary', 'binary');
    expect(text).toMatchObject({
      body: 'as binary',
      headers: { 'content-type': 'application/octet-stream' },
    });
    const typed = await send(new Blob(['png'], { type: 'image/png' }), 'binary');
    expect(typed).toMatchObject({ body: 'png', headers: { 'content-type': 'image/png' } });
    const untyped = await send(new Blob(['blob']));
    expect(untyped).toMatchObject({ body: 'blob', headers: { 'content-type': 'application/octet-stream' } });
  });

  it("raw: no content-type of its own (the caller's or the Blob's), FormData with its boundary", async () => {
    const custom = await send('a,b', 'raw', { 'content-type': 'text/csv' });
    expect(custom).toMatchObject({ body: 'a,b', headers: { 'content-type': 'text/csv' } });
    const typed = await send(new Blob(['<x/>'], { type: 'application/xml' }), 'raw');
    expect(typed).toMatchObject({ body: '<x/>', headers: { 'content-type': 'application/xml' } });
    const fd = new FormData();
    fd.append('a', '1');
    const form = await send(fd, 'raw');
    expect(form.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(form.body).toContain('name="a"');
  });

  it('an object as a binary or raw body is a ValidationError saying what is accepted', async () => {
    for (const type of ['binary', 'raw'] as const) {
      const err = await send({ a: 1 }, type).then(unexpected, caught);
      expect(err).toBeInstanceOf(ValidationError);
      expect(err.message).toBe(`a ${type} body must be a string, bytes, a Blob or a stream`);
    }
  });
});

describe('a platform without serializeBody (bodies in wire form)', () => {
  const platform = { createTransport, createLogger };

  it("sends strings, bytes and FormData as given, with the caller's content-type", async () => {
    const client = new HttpClientBase({ baseUrl: `${srv.url}/base` }, platform);
    const a = await client.request<{ body: string; headers: Record<string, string> }>({
      method: 'POST',
      path: '/echo',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1&b[0]=x',
    });
    expect(a.body).toBe('a=1&b[0]=x');
    expect(a.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const b = await client.request<{ body: string }>({
      method: 'PUT',
      path: '/echo',
      body: new TextEncoder().encode('bytes'),
    });
    expect(b.body).toBe('bytes');
    const fd = new FormData();
    fd.append('f', new Blob(['part']), 'p.txt');
    const c = await client.request<{ body: string; headers: Record<string, string> }>({
      method: 'POST',
      path: '/echo',
      body: fd,
    });
    expect(c.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(c.body).toContain('filename="p.txt"');
  });

  it('sends ArrayBuffer and Blob bodies as bytes and replays them; a stream body is sent once, never replayed', async () => {
    let hits = 0;
    const busy = await startServer((req, res) => {
      hits++;
      json(res, 503, { body: req.body });
    });
    const c = new HttpClientBase(
      { baseUrl: busy.url, retry: { initialDelayMs: 1, maxDelayMs: 1 } },
      platform,
    );
    const send = (body: unknown) => c.request({ method: 'PUT', path: '/x', body }).then(unexpected, caught);
    const viaBuffer = await send(new TextEncoder().encode('array buffer').buffer);
    expect(viaBuffer).toBeInstanceOf(ApiError);
    expect(viaBuffer.body.body).toBe('array buffer');
    expect(hits).toBe(4);
    hits = 0;
    expect((await send(new Blob(['a blob']))).body.body).toBe('a blob');
    expect(hits).toBe(4);
    hits = 0;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('read once'));
        controller.close();
      },
    });
    const viaStream = await send(stream);
    expect(viaStream.status).toBe(503);
    expect(viaStream.body.body).toBe('read once');
    expect(hits).toBe(1);
    await c.close();
    await busy.close();
  });

  it('rejects an object body with a ValidationError naming what it accepts', async () => {
    const client = new HttpClientBase({ baseUrl: `${srv.url}/base` }, platform);
    const err = await client
      .request({ method: 'POST', path: '/echo', body: { a: 1 } })
      .then(unexpected, caught);
    expect(err).toBeInstanceOf(ValidationError);
    expect(String(err.message)).toMatch(/string, bytes, Blob, FormData or stream/);
  });
});
