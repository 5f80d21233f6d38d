// The modern client against the sandbox: client credentials, typed calls, errors before the network, API errors.
import { ApiError, ValidationError } from '@skyport/core';
import { type Sandbox, startSandbox } from '@skyport/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { withApis } from '../src/facade';
import { getRoutingQueue } from '../src/generated/api/routing';
import { getUser, getUsersMe, patchUser } from '../src/generated/api/users';
import { createClient } from '../src/index';
import type { OperationDescriptor } from '../src/runtime/descriptor';
import { captureServer, json } from './helpers';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 11 });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

const clientFor = (extra: Parameters<typeof createClient>[0] = {}) =>
  createClient({
    apiUrl: sandbox.genesys.apiUrl,
    loginUrl: sandbox.genesys.loginUrl,
    auth: {
      type: 'clientCredentials',
      clientId: sandbox.genesys.clientId,
      clientSecret: sandbox.genesys.clientSecret,
    },
    ...extra,
  });

const pathOf = (url: string) => url.split('?')[0];
const tokenRequests = () =>
  sandbox.requests().filter((r) => r.method === 'POST' && pathOf(r.url) === '/login/oauth/token');

describe('client credentials and calls', () => {
  it('signs in and gets the current user with its presence expanded', async () => {
    const gc = clientFor();
    const me = await getUsersMe(gc, { expand: ['presence'] });
    expect(me.id).toEqual(expect.any(String));
    // The sandbox puts systemPresence on the presence itself (Genesys nests it in presenceDefinition).
    expect(JSON.stringify(me.presence)).toContain('"systemPresence":"Available"');
    const call = sandbox.requests().find((r) => pathOf(r.url) === '/api/v2/users/me');
    expect(call?.url).toBe('/api/v2/users/me?expand=presence');
    expect(tokenRequests()).toHaveLength(1);
    // The token is reused.
    await getUser(gc, { userId: me.id as string });
    expect(tokenRequests()).toHaveLength(1);
    await gc.close();
  });

  it('the facade binds every tag module to the client', async () => {
    const gc = withApis(clientFor());
    const me = await gc.users.getUsersMe();
    const again = await gc.users.getUser({ userId: me.id as string });
    expect(again.id).toBe(me.id);
    expect(typeof gc.routing.getRoutingQueues).toBe('function');
    expect('externalContacts' in gc).toBe(true);
    expect(gc.auth.type).toBe('clientCredentials');
  });

  it('a missing required parameter fails before anything is sent', async () => {
    const gc = clientFor();
    const before = sandbox.requests().length;
    // @ts-expect-error userId is required
    const err = await getUser(gc, {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as Error).message).toBe('getUser: path parameter "userId" is required');
    const noBody = await patchUser(gc, { userId: 'u1' } as never).catch((e: unknown) => e);
    expect((noBody as Error).message).toBe('patchUser: body is required');
    expect(sandbox.requests().length).toBe(before); // not even a token request
  });

  it('an unknown option key is refused (typos) unless strictOptions is false', async () => {
    const gc = clientFor();
    const err = await getUsersMe(gc, { expnad: ['presence'] } as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as Error).message).toMatch(/^getUsersMe: unknown option "expnad" \(parameters: expand, /);
    const lax = clientFor({ strictOptions: false });
    await expect(getUsersMe(lax, { expnad: 1 } as never)).resolves.toHaveProperty('id');
  });

  it('API errors keep status, Genesys body and correlation id', async () => {
    const gc = clientFor({ retry: false });
    const err = (await getRoutingQueue(gc, { queueId: 'no-such-queue' }).catch(
      (e: unknown) => e,
    )) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(404);
    expect(err.body).toMatchObject({ status: 404, code: expect.any(String), message: expect.any(String) });
    expect(err.correlationId).toBe((err.body as { contextId: string }).contextId);
  });

  it('a bad secret is an AuthError with the login body', async () => {
    const gc = clientFor({
      auth: { type: 'clientCredentials', clientId: sandbox.genesys.clientId, clientSecret: 'wrong' },
      retry: false,
    });
    const err = (await getUsersMe(gc).catch((e: unknown) => e)) as Error & { cause?: ApiError };
    expect(err.name).toBe('AuthError');
    expect(err.message).toMatch(/invalid_client/);
  });

  it('retries a 503 and honours per-call headers and timeouts', async () => {
    const gc = clientFor({ retry: { maxRetries: 2, initialDelayMs: 1, maxDelayMs: 5 } });
    sandbox.faults.add({ kind: 'status', route: 'GET /api/v2/users/me', status: 503, count: 1 });
    await expect(getUsersMe(gc, {}, { headers: { 'x-trace': 'abc' } })).resolves.toHaveProperty('id');
    const calls = sandbox.requests().filter((r) => pathOf(r.url) === '/api/v2/users/me');
    expect(calls).toHaveLength(2);
  });
});

describe('wire format through createClient', () => {
  it('query collection formats, header arrays and path parameters by key or wire name', async () => {
    const server = await captureServer((_req, res) => json(res, 200, { ok: true }));
    try {
      const gc = createClient({ apiUrl: server.url, loginUrl: server.url, auth: 'tok-1' });
      const op: OperationDescriptor = {
        id: 'getThings',
        method: 'GET',
        path: '/api/v2/things/{thing.id}',
        tags: ['Things'],
        responseType: 'json',
        params: [
          { name: 'thing.id', key: 'thingId', in: 'path', required: true, type: 'string' },
          {
            name: 'multi',
            key: 'multi',
            in: 'query',
            type: 'array',
            items: 'string',
            collectionFormat: 'multi',
          },
          { name: 'csv', key: 'csv', in: 'query', type: 'array', items: 'string', collectionFormat: 'csv' },
          {
            name: 'pipes',
            key: 'pipes',
            in: 'query',
            type: 'array',
            items: 'string',
            collectionFormat: 'pipes',
          },
          { name: 'ssv', key: 'ssv', in: 'query', type: 'array', items: 'string', collectionFormat: 'ssv' },
          { name: 'tsv', key: 'tsv', in: 'query', type: 'array', items: 'string', collectionFormat: 'tsv' },
          { name: 'X-Ids', key: 'xIds', in: 'header', type: 'array', items: 'string' },
        ],
      };
      await gc.call(op, {
        thingId: 'a b/c',
        multi: ['x', 'y'],
        csv: ['1', '2'],
        pipes: ['p', 'q'],
        ssv: ['s', 't'],
        tsv: ['u', 'v'],
        xIds: ['h1', 'h2'],
      });
      await gc.call(op, { 'thing.id': 'by-wire-name' });
      const [first, second] = server.seen;
      expect(first?.path).toBe('/api/v2/things/a%20b%2Fc');
      expect(first?.query.getAll('multi')).toEqual(['x', 'y']);
      expect(first?.query.get('csv')).toBe('1,2');
      expect(first?.query.get('pipes')).toBe('p|q');
      expect(first?.query.get('ssv')).toBe('s t');
      expect(first?.query.get('tsv')).toBe('u\tv');
      expect(first?.headers['x-ids']).toBe('h1,h2');
      expect(first?.headers.authorization).toBe('Bearer tok-1');
      expect(second?.path).toBe('/api/v2/things/by-wire-name');
      await gc.close();
    } finally {
      await server.close();
    }
  });
});
