import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLogger,
  HttpClient,
  type HttpLogEntry,
  type LogFormat,
  type LogLevel,
  NetworkError,
  oauth,
  redactText,
  redactUrl,
  TokenManager,
} from '../src/index.js';
import { json, startServer, type TestServer } from './helpers/server.js';

const SECRETS = {
  clientSecret: 'CLIENT-SECRET-9f8e7d',
  password: 'PASSWORD-1a2b3c',
  accessToken: 'ACCESS-TOKEN-5x6y7z',
  refreshToken: 'REFRESH-TOKEN-4q5w6e',
  proxyPassword: 'PROXY-PW-0o9i8u',
};

let srv: TestServer;
beforeAll(async () => {
  srv = await startServer((req, res) => {
    if (req.url === '/oauth/token') {
      return json(res, 200, {
        access_token: SECRETS.accessToken,
        refresh_token: SECRETS.refreshToken,
        expires_in: 3600,
      });
    }
    if (req.url?.startsWith('/fail')) {
      return json(res, 400, {
        code: 'bad.request',
        message: `bad token ${SECRETS.accessToken}`,
        access_token: SECRETS.accessToken,
      });
    }
    json(res, 200, { ok: true, echo: req.headers.authorization, refresh_token: SECRETS.refreshToken });
  });
});
afterAll(() => srv.close());

async function exercise(level: LogLevel, format: LogFormat): Promise<string[]> {
  const lines: string[] = [];
  const client = new HttpClient({
    baseUrl: srv.url,
    logger: { level, format, fn: (l) => lines.push(l), logRequestBody: true, logResponseBody: true },
  });
  const tm = new TokenManager({
    obtain: () =>
      oauth.password({
        client,
        clientId: 'cid',
        clientSecret: SECRETS.clientSecret,
        username: 'u',
        password: SECRETS.password,
      }),
  });
  client.configure({ auth: tm });
  await client.request({ method: 'POST', path: '/things', body: { name: 'x', password: SECRETS.password } });
  await client.request({ method: 'GET', path: `/fail?access_token=${SECRETS.accessToken}` }).catch(() => {});
  await client.request({
    method: 'POST',
    path: '/form',
    bodyType: 'form',
    body: { client_secret: SECRETS.clientSecret, refresh_token: SECRETS.refreshToken },
    headers: { 'Proxy-Authorization': `Basic ${SECRETS.proxyPassword}`, Cookie: `s=${SECRETS.accessToken}` },
  });
  await client.close();
  return lines;
}

describe('logging', () => {
  for (const level of ['trace', 'debug', 'error'] as const) {
    for (const format of ['text', 'json'] as const) {
      it(`keeps secrets out of ${level}/${format} output`, async () => {
        const lines = await exercise(level, format);
        expect(lines.length).toBeGreaterThan(0);
        const all = lines.join('\n');
        for (const secret of Object.values(SECRETS)) expect(all).not.toContain(secret);
        expect(all).toContain('[REDACTED]');
        if (format === 'json') for (const l of lines) expect(() => JSON.parse(l)).not.toThrow();
      });
    }
  }

  it('chooses what to log by level', async () => {
    const trace = await exercise('trace', 'json');
    const debug = await exercise('debug', 'json');
    const error = await exercise('error', 'json');
    const none = await exercise('none', 'json');
    const recs = (ls: string[]) => ls.map((l) => JSON.parse(l));
    // token request + 3 calls (+ the 400)
    expect(recs(trace).filter((r) => r.status === 200)).toHaveLength(3);
    expect(recs(trace).find((r) => r.status === 200).responseHeaders).toBeDefined();
    expect(recs(debug).find((r) => r.status === 200).responseHeaders).toBeUndefined();
    expect(recs(debug).find((r) => r.status === 200).requestHeaders).toBeDefined();
    expect(recs(error)).toHaveLength(1);
    expect(recs(error)[0]).toMatchObject({ level: 'error', status: 400 });
    expect(recs(error)[0].responseBody).toBeDefined();
    expect(none).toHaveLength(0);
  });

  it('leaves bodies out unless enabled, truncates to maxBodyLines', async () => {
    const lines: string[] = [];
    const client = new HttpClient({
      baseUrl: srv.url,
      logger: { level: 'trace', format: 'json', fn: (l) => lines.push(l) },
    });
    await client.request({ method: 'POST', path: '/x', body: { personal: 'data' } });
    expect(lines.join()).not.toContain('personal');
    client.configure({
      logger: { level: 'trace', fn: (l) => lines.push(l), logResponseBody: true, maxBodyLines: 2 },
    });
    await client.request({ method: 'GET', path: '/y' });
    expect(lines.at(-1)).toMatch(/more lines/);
    await client.close();
  });

  it('redacts an authorization code in requests but keeps error codes in responses readable', async () => {
    const lines: string[] = [];
    const client = new HttpClient({
      baseUrl: srv.url,
      logger: {
        level: 'error',
        format: 'json',
        fn: (l) => lines.push(l),
        logRequestBody: true,
        logResponseBody: true,
      },
    });
    await client
      .request({
        method: 'POST',
        path: '/fail',
        bodyType: 'form',
        body: { grant_type: 'authorization_code', code: 'AUTHCODE-123456' },
      })
      .catch(() => {});
    const rec = JSON.parse(lines[0]!);
    expect(rec.requestBody).toEqual({ grant_type: 'authorization_code', code: '[REDACTED]' });
    expect(lines[0]).not.toContain('AUTHCODE-123456');
    expect(rec.responseBody.message).toBe('bad token [REDACTED]');
    expect(rec.responseBody.code).toBe('bad.request');
    await client.close();
  });

  it('appends to a log file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'skyport-log-')), 'sdk.log');
    const logger = createLogger({ level: 'debug', format: 'text', filePath: file });
    const client = new HttpClient({
      baseUrl: srv.url,
      logger,
      headers: { authorization: `Bearer ${SECRETS.accessToken}` },
    });
    await client.request({ method: 'GET', path: '/a' });
    await client.request({ method: 'GET', path: '/b' });
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/DEBUG GET http:\/\/127\.0\.0\.1:\d+\/a 200/);
    expect(text).toMatch(/\/b 200/);
    expect(text).not.toContain(SECRETS.accessToken);
    await client.close();
  });
});

describe('redaction helpers', () => {
  it('redactUrl: a parsed URL keeps its shape, secret query and fragment values are replaced', () => {
    const out = redactUrl(
      'https://user:pw@api.test/a?pageSize=2&access_token=AT123456&x_token=XT&code=C1#id_token=IDT&state=s',
    );
    expect(out).toBe(
      'https://***@api.test/a?pageSize=2&access_token=%5BREDACTED%5D&x_token=%5BREDACTED%5D&code=%5BREDACTED%5D#id_token=%5BREDACTED%5D&state=s',
    );
  });

  it('redactUrl: a string the URL parser rejects gets the same treatment by pattern', () => {
    const bad =
      'http://user:secret-pw@[bad/x?client_secret=CS123456&page=2&myPassword=PW;token=T#refresh_token=RT';
    expect(() => new URL(bad)).toThrow();
    const out = redactUrl(bad);
    for (const secret of ['secret-pw', 'CS123456', 'PW;', '=T#', 'RT']) expect(out).not.toContain(secret);
    expect(out).toBe(
      'http://***@[bad/x?client_secret=[REDACTED]&page=2&myPassword=[REDACTED];token=[REDACTED]#refresh_token=[REDACTED]',
    );
    expect(redactUrl('not a url Bearer abc.def-ghi')).toBe('not a url Bearer [REDACTED]');
  });

  it('redactText: key=value pairs with any secret-looking key, JSON fields, credentials', () => {
    expect(redactText('grant_type=password&username=u&password=P1&api_key=K1&session_token=S1')).toBe(
      'grant_type=password&username=u&password=[REDACTED]&api_key=[REDACTED]&session_token=[REDACTED]',
    );
    expect(redactText('failed: {"client_secret": "CS1", "name": "n"} with code=abc')).toBe(
      'failed: {"client_secret": "[REDACTED]", "name": "n"} with code=[REDACTED]',
    );
    expect(redactText('{"access_token":"AT","code":"not.found"}', 'response')).toBe(
      '{"access_token":"[REDACTED]","code":"not.found"}',
    );
    expect(redactText('Authorization: Basic dXNlcjpwYXNz')).toBe('Authorization: Basic [REDACTED]');
  });

  it('redactText: a URL inside free text has its secret query keys redacted, exact-name keys included', () => {
    expect(
      redactText('redirected to https://app.example/cb?code=C1&state=s1 then ?passwd=P2#assertion=A3'),
    ).toBe(
      'redirected to https://app.example/cb?code=[REDACTED]&state=s1 then ?passwd=[REDACTED]#assertion=[REDACTED]',
    );
    expect(redactUrl('http://[bad/cb?code=C1&x=1')).toBe('http://[bad/cb?code=[REDACTED]&x=1');
  });
});

describe('failures before any response', () => {
  it('are logged as failed entries with the request and the error, without a status', async () => {
    const { createServer } = await import('node:net');
    // A port that refuses connections: bind, read the port, close.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const lines: string[] = [];
    const entries: Array<{ entry: HttpLogEntry; failed: boolean }> = [];
    const client = new HttpClient({
      baseUrl: `http://127.0.0.1:${port}`,
      retry: false,
      logger: { level: 'error', format: 'json', fn: (l) => lines.push(l) },
    });
    const err = await client.request({ method: 'GET', path: '/x?access_token=AT123456' }).catch((e) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(lines).toHaveLength(1);
    const rec = JSON.parse(lines[0]!);
    expect(rec).toMatchObject({ level: 'error', method: 'GET' });
    expect(rec.status).toBeUndefined();
    expect(rec.url).toContain('access_token=%5BREDACTED%5D');
    expect(rec.error).toMatch(/^NetworkError: GET /);
    expect(lines[0]).not.toContain('AT123456');
    // A Logger object of the caller's gets the raw entry, flagged as failed.
    client.configure({ logger: { logHttp: (entry, failed) => entries.push({ entry, failed }) } });
    await client.request({ method: 'GET', path: '/y' }).catch(() => {});
    expect(entries).toHaveLength(1);
    expect(entries[0]!.failed).toBe(true);
    expect(Object.keys(entries[0]!.entry).sort()).toEqual(
      ['attempt', 'error', 'method', 'requestBody', 'requestHeaders', 'url'].sort(),
    );
    expect(entries[0]!.entry.error).toBeInstanceOf(NetworkError);
    await client.close();
  });
});
