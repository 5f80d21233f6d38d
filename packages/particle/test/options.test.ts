import { createTransport, TimeoutError, type Transport } from '@skyport/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Particle, ParticleApiError, ParticleTimeoutError } from '../src/index.js';
import { startCaptureServer } from './capture-server.js';

let srv: Awaited<ReturnType<typeof startCaptureServer>>;
let failures = 0;
beforeAll(async () => {
  srv = await startCaptureServer((req, res) => {
    if (req.url.startsWith('/v1/flaky') && failures > 0) {
      failures--;
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end('{"error":"busy"}');
      return;
    }
    if (req.url.startsWith('/v1/limited') && failures > 0) {
      failures--;
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '0' });
      res.end('{"error":"slow down"}');
      return;
    }
    if (req.url === '/v1/slow') {
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
      }, 1000);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
});
afterAll(() => srv.close());

describe('extra options', () => {
  it('retries idempotent requests on 503 and logs every attempt', async () => {
    failures = 2;
    srv.requests.length = 0;
    const log: { status?: number }[] = [];
    const p = new Particle({ baseUrl: srv.url, retries: 2, log: (e) => log.push(e) });
    await expect(p.get({ uri: '/v1/flaky', auth: 't' })).resolves.toEqual({
      body: { ok: true },
      statusCode: 200,
    });
    expect(srv.requests).toHaveLength(3);
    expect(log.map((e) => e.status)).toEqual([503, 503, 200]);
  });

  it('gives up after the retries, keeping the last failed body', async () => {
    failures = 5;
    const err = await new Particle({ baseUrl: srv.url, retries: 1 })
      .get({ uri: '/v1/flaky' })
      .catch((e) => e);
    expect(err).toBeInstanceOf(ParticleApiError);
    expect(err.body).toEqual({ error: 'busy' });
    failures = 0;
  });

  it('does not retry POSTs (not idempotent)', async () => {
    failures = 1;
    srv.requests.length = 0;
    const err = await new Particle({ baseUrl: srv.url, retries: 3 })
      .post({ uri: '/v1/flaky', data: { a: 1 } })
      .catch((e) => e);
    expect(err.statusCode).toBe(503);
    expect(srv.requests).toHaveLength(1);
  });

  it('times out slow requests', async () => {
    const err = await new Particle({ baseUrl: srv.url, timeout: 100 })
      .get({ uri: '/v1/slow' })
      .catch((e) => e);
    expect(err).toBeInstanceOf(ParticleTimeoutError);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.timeout).toBe(100);
    expect(err.errorDescription).toBe(`Network error from ${srv.url}/v1/slow`);
  });

  it("uses core's retry policy: a 429 is retried even for POST, honouring Retry-After; retry: false turns it off", async () => {
    failures = 1;
    srv.requests.length = 0;
    await expect(
      new Particle({ baseUrl: srv.url }).post({ uri: '/v1/limited', data: { a: 1 } }),
    ).resolves.toEqual({ body: { ok: true }, statusCode: 200 });
    expect(srv.requests.map((r) => r.body)).toEqual(['{"a":1}', '{"a":1}']);
    failures = 1;
    const err = await new Particle({ baseUrl: srv.url, retry: false })
      .post({ uri: '/v1/limited', data: { a: 1 } })
      .catch((e) => e);
    expect(err).toBeInstanceOf(ParticleApiError);
    expect(err.statusCode).toBe(429);
    failures = 0;
  });

  it("logs through core's logger with the access token and password redacted", async () => {
    const lines: string[] = [];
    const p = new Particle({
      baseUrl: srv.url,
      logger: { level: 'trace', fn: (l) => lines.push(l) },
    });
    await p.getDevice({ deviceId: 'd1', auth: 'secret-token-123' });
    await p.login({ username: 'u@x.io', password: 'hunter2-pw' });
    expect(lines.join('\n')).toContain(`GET ${srv.url}/v1/devices/d1`);
    expect(lines.join('\n')).toContain('/oauth/token');
    expect(lines.join('\n')).not.toContain('secret-token-123');
    expect(lines.join('\n')).not.toContain('hunter2-pw');
  });

  it('sends every request through a custom transport (e.g. core createTransport with other pool settings)', async () => {
    const seen: string[] = [];
    const inner = createTransport({ connections: 2 });
    const transport: Transport = (req) => {
      seen.push(`${req.method} ${req.url}`);
      return inner(req);
    };
    const p = new Particle({ baseUrl: srv.url, transport });
    await p.getUserInfo({ auth: 't' });
    await p.listDevices({ auth: 't' });
    expect(seen).toEqual([`GET ${srv.url}/v1/user`, `GET ${srv.url}/v1/devices`]);
    await inner.close?.();
  });

  it('bad client options reject the call (never a synchronous throw), naming the option', async () => {
    const p = new Particle({ baseUrl: 'not a url' });
    let call: Promise<unknown> | undefined;
    expect(() => {
      call = p.getDevice({ deviceId: 'd1', auth: 't' });
    }).not.toThrow();
    await expect(call).rejects.toThrow(/baseUrl is not a valid absolute URL/);
    await expect(p.request({ uri: '/v1/x', method: 'get' })).rejects.toThrow(/baseUrl/);
  });

  it('setBaseUrl switches the origin', async () => {
    const p = new Particle({ baseUrl: 'http://127.0.0.1:1' });
    p.setBaseUrl(srv.url);
    await expect(p.getUserInfo({ auth: 't' })).resolves.toMatchObject({ statusCode: 200 });
  });
});

describe('module shape', () => {
  it('require() returns the class, like particle-api-js', async () => {
    const { createRequire } = await import('node:module');
    const require = createRequire(import.meta.url);
    const P = require('@skyport/particle');
    expect(typeof P).toBe('function');
    expect(P.Particle).toBe(P);
    expect(P.default).toBe(P);
    expect(new P().clientId).toBe('particle-api');
    expect(new P({ tokenDuration: 5 }).tokenDuration).toBe(5);
  });
});
