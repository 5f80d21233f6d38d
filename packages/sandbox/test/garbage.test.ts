import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.js';

let sb: Sandbox;
let tok: string;
beforeAll(async () => {
  sb = await startSandbox({ seed: 9, rateLimitPerMinute: 100_000 });
  const res = await fetch(`${sb.genesys.loginUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `grant_type=client_credentials&client_id=${sb.genesys.clientId}&client_secret=${sb.genesys.clientSecret}`,
  });
  tok = ((await res.json()) as { access_token: string }).access_token;
});
afterAll(() => sb.close());

/** Sends raw bytes on a fresh connection and resolves with the status line's code (0 if the server closed). */
function raw(bytes: Buffer | string, endAfterWrite = false): Promise<number> {
  const { port } = new URL(sb.url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), '127.0.0.1');
    let data = '';
    socket.setTimeout(3000, () => socket.destroy());
    socket.on('data', (chunk) => {
      data += chunk.toString('latin1');
    });
    socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0)));
    socket.on('error', () => {});
    socket.write(bytes, () => {
      if (endAfterWrite) socket.end();
    });
  });
}

async function alive() {
  const res = await fetch(`${sb.url}/api/v2/users/me`, { headers: { authorization: `Bearer ${tok}` } });
  expect(res.status).toBe(200);
  await res.arrayBuffer();
}

describe('garbage input on the Genesys side', () => {
  it('answers hundreds of malformed authenticated requests with 4xx and stays up', async () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const bodies: (string | Uint8Array<ArrayBuffer>)[] = [
      '{',
      '{"version":',
      '[]',
      '"just a string"',
      '42',
      'null',
      '{"name":{"first":1},"email":[1,2],"version":"one"}',
      '{"presenceDefinition":"Available"}',
      '{"presenceDefinition":{"systemPresence":5}}',
      '{"interval":7}',
      '{"__proto__":{"polluted":true},"name":"x"}',
      deep,
      new Uint8Array([0xff, 0xfe, 0xc3, 0x28, 0x7b]),
      new Uint8Array(Buffer.from('{"name":"\xff\xfe"}', 'latin1')),
      `{"name":"${'x'.repeat(200_000)}"}`,
    ];
    const targets: [string, string][] = [
      ['POST', '/api/v2/users'],
      ['PATCH', `/api/v2/users/${sb.state.genesys.meUserId}`],
      ['PATCH', `/api/v2/users/${sb.state.genesys.meUserId}/presences/purecloud`],
      ['POST', '/api/v2/analytics/conversations/details/query'],
      ['POST', '/api/v2/notifications/channels/nope/subscriptions'],
      ['POST', '/api/v2/groups'],
      ['POST', '/login/oauth/token'],
      ['POST', '/login/oauth/authorize'],
    ];
    const types = ['application/json', 'application/x-www-form-urlencoded', 'text/plain'];
    const statuses: [string, number][] = [];
    for (const [method, path] of targets)
      for (const type of types)
        for (const body of bodies) {
          const res = await fetch(`${sb.url}${path}`, {
            method,
            headers: { 'content-type': type, authorization: `Bearer ${tok}` },
            body,
          });
          await res.arrayBuffer();
          statuses.push([`${method} ${path} ${type} ${String(body).slice(0, 20)}`, res.status]);
        }
    const queries = [
      '/api/v2/users?pageSize=abc',
      '/api/v2/users?pageSize=-1',
      '/api/v2/users?pageSize=1e3',
      '/api/v2/users?pageNumber=0',
      '/api/v2/routing/queues?pageSize=99999999999999999999',
      '/api/v2/routing/skills?pageSize=%ff',
      '/api/v2/users/%ff%fe',
      '/api/v2/groups/%c3%28',
      '/api/v2/groups/search?q64=',
      '/api/v2/analytics/conversations/details/jobs/%00',
      `/api/v2/users/${'a'.repeat(600)}`,
      '/api/v2/users?pageSize=%ff',
      '/login/oauth/authorize?client_id=%ff&redirect_uri=%fe',
      '/login/logout?redirect_uri=%ff',
    ];
    for (const q of queries) {
      const res = await fetch(`${sb.url}${q}`, {
        headers: { authorization: `Bearer ${tok}` },
        redirect: 'manual',
      });
      await res.arrayBuffer();
      statuses.push([`GET ${q.slice(0, 60)}`, res.status]);
    }
    const badAuth = ['Bearer', 'Bearer \u00ff', 'Basic %%%', 'Basic ', `Bearer ${'z'.repeat(8000)}`];
    for (const authorization of badAuth) {
      const res = await fetch(`${sb.url}/api/v2/users/me`, { headers: { authorization } });
      await res.arrayBuffer();
      statuses.push([`auth ${authorization.slice(0, 12)}`, res.status]);
      const login = await fetch(`${sb.genesys.loginUrl}/oauth/token`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials',
      });
      await login.arrayBuffer();
      statuses.push([`login auth ${authorization.slice(0, 12)}`, login.status]);
    }
    // A bad code_challenge for a good client and redirect_uri is reported to the client by redirect (RFC 6749).
    const pkce = await fetch(
      `${sb.genesys.loginUrl}/oauth/authorize?client_id=sandbox-pkce-client&redirect_uri=http://127.0.0.1:1/&response_type=code&code_challenge=%ff`,
      { redirect: 'manual' },
    );
    expect(pkce.status).toBe(302);
    expect(new URL(pkce.headers.get('location') as string).searchParams.get('error')).toBe('invalid_request');
    expect(statuses.length).toBeGreaterThan(380);
    const bad = statuses.filter(([, s]) => s < 400 || s >= 500);
    expect(bad).toEqual([]);
    await alive();
  }, 60_000);

  it('survives huge headers, truncated bodies and multipart, and invalid request lines', async () => {
    const { host } = new URL(sb.url);
    const auth = `authorization: Bearer ${tok}\r\n`;
    expect(
      await raw(`GET /api/v2/users/me HTTP/1.1\r\nhost: ${host}\r\nx-big: ${'y'.repeat(70_000)}\r\n\r\n`),
    ).toBe(431);
    expect(await raw('GARBAGE\r\n\r\n')).toBe(400);
    expect(
      await raw(`GET /api/v2/users/\xff HTTP/1.1\r\nhost: ${host}\r\n${auth}connection: close\r\n\r\n`),
    ).toBeGreaterThanOrEqual(400);
    // Body shorter than its content-length, then the client goes away: no answer, no crash.
    await raw(
      `POST /api/v2/users HTTP/1.1\r\nhost: ${host}\r\n${auth}content-type: application/json\r\ncontent-length: 100\r\n\r\n{"name":`,
      true,
    );
    const boundary = 'zzBOUNDARYzz';
    const multipart = `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="a.bin"\r\ncontent-type: application/octet-stream\r\n\r\nabcdef`;
    await raw(
      `POST /api/v2/groups HTTP/1.1\r\nhost: ${host}\r\n${auth}content-type: multipart/form-data; boundary=${boundary}\r\ncontent-length: 4000\r\n\r\n${multipart}`,
      true,
    );
    // Complete but unterminated multipart body (no closing boundary): a 4xx.
    const res = await fetch(`${sb.url}/api/v2/groups`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${tok}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      body: multipart,
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    // Chunked encoding with a bad chunk size.
    expect(
      await raw(
        `POST /api/v2/users HTTP/1.1\r\nhost: ${host}\r\n${auth}content-type: application/json\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
      ),
    ).toBe(400);
    await alive();
  });
});
