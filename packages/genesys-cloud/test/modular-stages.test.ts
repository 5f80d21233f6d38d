// The modular client's stages (`createClient({ use: [...] })`): without them the browser client bundles no logging,
// no body types beyond JSON and forms and no unknown-option check, and says which stage a refused option needs;
// with them those behaviours are back. Retries (Retry-After), typed errors with the failed body and redaction are
// on without any stage. Real requests to a node:http server on loopback.
import { ApiError, ConfigError, createLogger, ValidationError } from '@skyport/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getUsersMe } from '../src/generated/api/users';
import { createClient as createNodeClient } from '../src/modular';
import { accessToken, bodies, createClient, logging, strictOptions } from '../src/modular.browser';
import { captureServer, json } from './helpers';

let srv: Awaited<ReturnType<typeof captureServer>>;
let busy = 0;
beforeAll(async () => {
  srv = await captureServer((req, res) => {
    if (req.path === '/api/v2/busy' && busy-- > 0) {
      res.writeHead(429, { 'retry-after': '0.01', 'content-type': 'application/json' });
      return res.end(JSON.stringify({ message: 'slow down' }));
    }
    if (req.path === '/api/v2/missing')
      return json(res, 404, { message: 'no such thing', code: 'not.found' });
    json(res, 200, {
      path: req.path,
      query: req.url.split('?')[1] ?? '',
      ct: req.headers['content-type'] ?? null,
    });
  });
});
afterAll(() => srv.close());

const urls = () => ({ apiUrl: srv.url, loginUrl: srv.url });
const unexpected = (): never => {
  throw new Error('expected a rejection');
};

describe('modular client without stages', () => {
  it('retries a 429 after its Retry-After and keeps the body of a failed response (no stage needed)', async () => {
    const gc = createClient({ ...urls(), auth: 't' });
    busy = 2;
    const before = srv.seen.length;
    expect(await gc.request({ method: 'GET', path: '/api/v2/busy' })).toMatchObject({ path: '/api/v2/busy' });
    expect(srv.seen.length - before).toBe(3);
    const err = await gc
      .request({ method: 'GET', path: '/api/v2/missing?access_token=secret' })
      .then(unexpected, (e: Error & { body?: unknown }) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.body).toEqual({ message: 'no such thing', code: 'not.found' });
    expect(err.message).not.toContain('secret');
    expect(err.message).toContain('access_token=%5BREDACTED%5D');
  });

  it('a logger is a ConfigError naming the logging stage', () => {
    const logger = createLogger({ level: 'debug', fn: () => {} });
    expect(() => createClient({ ...urls(), logger })).toThrow(ConfigError);
    expect(() => createClient({ ...urls(), logger })).toThrow(/logger needs the logging stage/);
    expect(() => createClient({ ...urls() }).http.configure({ logger })).toThrow(/logging stage/);
  });

  it('unknown option keys are not checked; strictOptions: true without the stage is a ConfigError', async () => {
    const gc = createClient({ ...urls(), auth: 't' });
    expect(await getUsersMe(gc, { expnad: ['presence'] } as never)).toMatchObject({ query: '' });
    expect(() => createClient({ ...urls(), strictOptions: true })).toThrow(ConfigError);
    expect(() => createClient({ ...urls(), strictOptions: true })).toThrow(/use: \[strictOptions\]/);
  });

  it('bodies beyond JSON and forms are refused before sending, naming the bodies stage', async () => {
    const gc = createClient({ ...urls(), auth: 't' });
    const before = srv.seen.length;
    for (const [body, bodyType] of [
      ['plain text', undefined],
      [new FormData(), undefined],
      [{ f: 'v' }, 'multipart'],
    ] as const) {
      const err = await gc
        .request({ method: 'POST', path: '/api/v2/x', body, ...(bodyType ? { bodyType } : {}) })
        .then(unexpected, (e: Error & { body?: unknown }) => e);
      expect(err).toBeInstanceOf(ValidationError);
      expect(err.message).toMatch(/needs the bodies stage/);
    }
    expect(srv.seen.length).toBe(before);
    expect(await gc.request({ method: 'POST', path: '/api/v2/j', body: { a: 1 } })).toMatchObject({
      ct: 'application/json',
    });
  });

  it('use must be an array of stages', () => {
    expect(() => createClient({ ...urls(), use: logging as never })).toThrow(
      /use must be an array of stages/,
    );
    expect(() => createClient({ ...urls(), use: [null as never] })).toThrow(ConfigError);
  });
});

describe('modular client with stages', () => {
  it('logging: every attempt logged with secrets redacted', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'trace', fn: (l) => lines.push(l) });
    const gc = createClient({
      ...urls(),
      auth: accessToken({ accessToken: 'tok-123' }),
      logger,
      use: [logging],
    });
    await getUsersMe(gc);
    const all = lines.join('\n');
    expect(all).toContain('/api/v2/users/me');
    expect(all).not.toContain('tok-123');
    // a logger set later through configure works too
    const later = createClient({ ...urls(), auth: 't', use: [logging] });
    later.http.configure({ logger });
    expect(later.http.logger).toBe(logger);
  });

  it('strictOptions: unknown option keys fail before sending (browser and Node builds)', async () => {
    for (const make of [createClient, createNodeClient]) {
      const gc = make({ ...urls(), auth: 't', use: [strictOptions] });
      const before = srv.seen.length;
      const err = await getUsersMe(gc, { expnad: ['presence'] } as never).then(
        unexpected,
        (e: Error & { body?: unknown }) => e,
      );
      expect(err).toBeInstanceOf(ValidationError);
      expect(err.message).toMatch(/^getUsersMe: unknown option "expnad" \(parameters: expand, /);
      expect(srv.seen.length).toBe(before);
      // strictOptions: false turns the stage off again
      const lax = make({ ...urls(), auth: 't', use: [strictOptions], strictOptions: false });
      expect(await getUsersMe(lax, { expnad: [] } as never)).toMatchObject({ path: '/api/v2/users/me' });
    }
  });

  it('bodies: text and FormData bodies are sent; a multipart object still needs FormData', async () => {
    const gc = createClient({ ...urls(), auth: 't', use: [bodies] });
    expect(await gc.request({ method: 'POST', path: '/api/v2/t', body: 'plain text' })).toMatchObject({
      ct: 'text/plain; charset=utf-8',
    });
    const form = new FormData();
    form.set('f', 'v');
    const sent = await gc.request<{ ct: string }>({ method: 'POST', path: '/api/v2/m', body: form });
    expect(sent.ct).toMatch(/^multipart\/form-data; boundary=/);
    const err = await gc
      .request({ method: 'POST', path: '/api/v2/x', body: { f: 'v' }, bodyType: 'multipart' })
      .then(unexpected, (e: Error & { body?: unknown }) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toMatch(/multipart bodies as FormData/);
  });
});
