// Wire compatibility: the same calls made through purecloud-platform-client-v2 and through
// @skyport/genesys-cloud/compat against one capturing node:http server must put the same requests on the wire
// (method, path, query string, headers, body) and resolve or reject to the same values.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import ours from '../src/compat/index';
import { useLoopback } from './compat/helpers';

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

// The official SDK is CommonJS without usable types here; calls go through this loose view of both modules.
// biome-ignore lint/suspicious/noExplicitAny: both SDKs are driven through the same untyped call table
type Sdk = any;
const official: Sdk = createRequire(import.meta.url)('purecloud-platform-client-v2');

// Headers that depend on the HTTP stack rather than on the SDK (user agent, compression offer, connection
// management, Host).
const STACK_HEADERS = new Set(['host', 'connection', 'user-agent', 'accept-encoding']);

let server: Server;
let port: number;
let seen: Seen[] = [];

function reply(req: IncomingMessage, res: import('node:http').ServerResponse) {
  const url = req.url ?? '';
  if (url.startsWith('/login/oauth/token')) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ access_token: 'issued-token', token_type: 'bearer', expires_in: 3600 }));
  } else if (url.includes('/missing')) {
    res.writeHead(404, { 'content-type': 'application/json', 'inin-correlation-id': 'corr-1' });
    res.end(
      JSON.stringify({
        status: 404,
        code: 'not.found',
        message: 'nothing here',
        contextId: 'corr-1',
        details: [],
        errors: [],
      }),
    );
  } else if (req.method === 'DELETE') {
    res.writeHead(204);
    res.end();
  } else {
    res.writeHead(200, { 'content-type': 'application/json', 'inin-correlation-id': 'corr-2' });
    res.end(JSON.stringify({ id: 'x1', name: 'answer', selfUri: url }));
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) {
        if (!STACK_HEADERS.has(k) && v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      }
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      reply(req, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  for (const sdk of [official, ours] as Sdk[]) {
    const client = sdk.ApiClient.instance;
    useLoopback(client, port);
  }
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});

beforeEach(() => {
  for (const sdk of [official, ours] as Sdk[]) {
    sdk.ApiClient.instance.setAccessToken('wire-token');
    sdk.ApiClient.instance.setReturnExtendedResponses(false);
  }
});

interface Outcome {
  request: Seen | undefined;
  resolved?: unknown;
  rejected?: unknown;
}

async function run(sdk: Sdk, call: (sdk: Sdk) => Promise<unknown>): Promise<Outcome> {
  seen = [];
  const out: Outcome = { request: undefined };
  try {
    out.resolved = await call(sdk);
  } catch (err) {
    out.rejected = err;
  }
  expect(seen.length, 'one request per call').toBe(1);
  out.request = seen[0];
  return out;
}

/** Runs the call through both SDKs and checks the requests match; returns both outcomes. */
async function both(call: (sdk: Sdk) => Promise<unknown>): Promise<{ theirs: Outcome; mine: Outcome }> {
  const theirs = await run(official, call);
  const mine = await run(ours, call);
  expect(mine.request).toEqual(theirs.request);
  return { theirs, mine };
}

describe('same requests on the wire as purecloud-platform-client-v2', () => {
  it('GET with array query parameters (multi joined with commas)', async () => {
    const { theirs, mine } = await both((s) =>
      new s.UsersApi().getUsersMe({ expand: ['presence', 'groups'] }),
    );
    expect(theirs.request?.url).toBe('/api/v2/users/me?expand=presence,groups');
    expect(mine.resolved).toEqual(theirs.resolved);
  });

  it('GET with many query types: numbers, arrays, strings, skipped undefined', async () => {
    const { theirs } = await both((s) =>
      new s.UsersApi().getUsers({
        pageSize: 25,
        pageNumber: 2,
        id: ['a b', 'c,d', 'é'],
        sortOrder: 'ASC',
        expand: ['skills'],
        state: undefined,
      }),
    );
    expect(theirs.request?.url).toContain('pageSize=25&pageNumber=2');
  });

  it('query values needing encoding, booleans and empty arrays', async () => {
    await both((s) =>
      new s.RoutingApi().getRoutingQueues({
        name: 'Support & Sales: tier 1 $5 / 100% #1 + more',
        hasPeer: false,
        divisionId: [],
        pageSize: 0,
      }),
    );
  });

  it('Date query values', async () => {
    await both((s) =>
      new s.AnalyticsApi().getAnalyticsDataextractionDownloadsMetadata({
        dateStart: new Date('2026-01-02T03:04:05.678Z'),
        dateEnd: '2026-02-01T00:00:00Z',
      }),
    );
  });

  it('path parameters needing encoding', async () => {
    await both((s) => new s.UsersApi().getUser('a b/c?d#e%f é', { expand: ['skills'] }));
  });

  it('POST with a JSON object body', async () => {
    const { theirs, mine } = await both((s) =>
      new s.UsersApi().postUsers({
        name: 'Ada',
        email: 'ada@example.com',
        addresses: [{ address: '+1 555' }],
      }),
    );
    expect(JSON.parse(theirs.request?.body ?? '')).toEqual({
      name: 'Ada',
      email: 'ada@example.com',
      addresses: [{ address: '+1 555' }],
    });
    expect(mine.resolved).toEqual(theirs.resolved);
  });

  it('POST with an array body', async () => {
    await both((s) =>
      new s.AuthorizationApi().postAuthorizationDivisionObject('div-1', 'QUEUE', ['q1', 'q2']),
    );
  });

  it('POST with a plain-string body (JSON-quoted) and a JSON-text body (sent as is)', async () => {
    const plain = await both((s) =>
      new s.ProcessAutomationApi().postProcessautomationTriggerTest('t1', { body: 'hello world' }),
    );
    expect(plain.theirs.request?.body).toBe('"hello world"');
    const json = await both((s) =>
      new s.ProcessAutomationApi().postProcessautomationTriggerTest('t1', { body: ' {"a":1} ' }),
    );
    expect(json.theirs.request?.body).toBe('{"a":1}');
  });

  it('PUT with a header parameter (If-Match)', async () => {
    await both((s) => new s.SCIMApi().putScimUser('u-1', { userName: 'ada' }, { ifMatch: 'W/"42"' }));
  });

  it('PATCH with a body', async () => {
    await both((s) => new s.UsersApi().patchUser('u-1', { version: 3, department: 'R&D' }));
  });

  it('DELETE with no body still sends Content-Type, resolves to undefined on 204', async () => {
    const { theirs, mine } = await both((s) => new s.UsersApi().deleteUser('u-1'));
    expect(theirs.request?.headers['content-type']).toBe('application/json');
    expect(theirs.resolved).toBeUndefined();
    expect(mine.resolved).toBeUndefined();
  });

  it('GET with header parameter and customHeaders', async () => {
    await both((s) =>
      new s.OAuthApi().getOauthScopes({ acceptLanguage: 'de-DE', customHeaders: { 'X-Trace': 'abc 123' } }),
    );
  });

  it('default headers and the Genesys-App header', async () => {
    for (const s of [official, ours]) {
      s.ApiClient.instance.setDefaultHeaders({ 'X-Tenant': 't-9' });
      s.ApiClient.instance.setGenesysAppHeader('wire-test-app');
    }
    try {
      await both((s) => new s.UsersApi().getUsersMe());
    } finally {
      for (const s of [official, ours]) s.ApiClient.instance.setDefaultHeaders({});
    }
  });

  it('setUseLegacyParameterFilter(true): falsy values sent empty, as the official package does', async () => {
    for (const s of [official, ours]) s.ApiClient.instance.setUseLegacyParameterFilter(true);
    try {
      const { theirs } = await both((s) =>
        new s.RoutingApi().getRoutingQueues({ pageSize: 0, hasPeer: false, name: 'x', id: [0, 'a', false] }),
      );
      expect(theirs.request?.url).toContain('pageSize=&');
    } finally {
      for (const s of [official, ours]) s.ApiClient.instance.setUseLegacyParameterFilter(false);
    }
  });

  it('ApiClient.callApi called directly', async () => {
    await both((s) =>
      s.ApiClient.instance.callApi(
        '/api/v2/users/{userId}/things',
        'PUT',
        { userId: 'a b' },
        { flags: [true, 2], when: new Date('2026-03-04T05:06:07Z'), skip: undefined },
        { 'X-Extra': 7 },
        {},
        { hello: 'world' },
        ['PureCloud OAuth'],
        ['application/json'],
        ['application/json'],
        { 'X-Per-Call': 'yes' },
      ),
    );
  });

  it('client credentials login request', async () => {
    const { theirs, mine } = await both((s) =>
      s.ApiClient.instance.loginClientCredentialsGrant('cid', 'c$ecret:1'),
    );
    expect(theirs.request?.url).toBe('/login/oauth/token');
    expect((mine.resolved as { accessToken: string }).accessToken).toBe('issued-token');
    expect((theirs.resolved as { accessToken: string }).accessToken).toBe('issued-token');
  });

  it('authorization code, refresh, PKCE and SAML2 token requests', async () => {
    await both((s) =>
      s.ApiClient.instance.loginCodeAuthorizationGrant('cid', 'sec', 'code 1', 'http://localhost:9/cb'),
    );
    await both((s) => s.ApiClient.instance.refreshCodeAuthorizationGrant('cid', 'sec', 'refresh/1+2'));
    await both((s) =>
      s.ApiClient.instance.authorizePKCEGrant(
        'pkce-client',
        'v'.repeat(43),
        'code-2',
        'http://localhost:9/cb',
      ),
    );
    await both((s) =>
      s.ApiClient.instance.loginSaml2BearerGrant('cid', 'sec', 'my org', 'PHNhbWw+PC9zYW1sPg=='),
    );
  });

  it('an error response rejects with the same shape (status, statusText, headers, body, text, error)', async () => {
    for (const s of [official, ours]) s.ApiClient.instance.setReturnExtendedResponses(true);
    const { theirs, mine } = await both((s) => new s.UsersApi().getUser('missing'));
    const t = theirs.rejected as Record<string, unknown>;
    const m = mine.rejected as Record<string, unknown>;
    expect(m.status).toBe(404);
    expect(m.status).toBe(t.status);
    expect(m.statusText).toBe(t.statusText);
    expect(m.body).toEqual(t.body);
    expect((m.headers as Record<string, string>)['inin-correlation-id']).toBe('corr-1');
    expect((m.error as Error).message).toMatch(/404/);
    expect(Object.keys(m).sort()).toEqual(['body', 'error', 'headers', 'status', 'statusText', 'text']);
    // The official package leaves `text` undefined; the compat layer keeps the raw body there.
    expect(JSON.parse(m.text as string)).toEqual(t.body);
  });

  it('extended response of a 204 has the same status and body', async () => {
    for (const s of [official, ours]) s.ApiClient.instance.setReturnExtendedResponses(true);
    const { theirs, mine } = await both((s) => new s.UsersApi().deleteUser('u-2'));
    const t = theirs.resolved as Record<string, unknown>;
    const m = mine.resolved as Record<string, unknown>;
    expect(m.status).toBe(204);
    expect(m.status).toBe(t.status);
    expect(m.body).toEqual(t.body);
  });

  it('extended responses resolve to the same fields', async () => {
    for (const s of [official, ours]) s.ApiClient.instance.setReturnExtendedResponses(true);
    const { theirs, mine } = await both((s) => new s.UsersApi().getUsersMe());
    const t = theirs.resolved as Record<string, unknown>;
    const m = mine.resolved as Record<string, unknown>;
    expect(m.status).toBe(t.status);
    expect(m.body).toEqual(t.body);
    expect(m.error).toBeNull();
    expect((m.headers as Record<string, string>)['inin-correlation-id']).toBe('corr-2');
  });
});
