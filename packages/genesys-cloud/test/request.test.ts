import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpClient, ValidationError } from '@skyport/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getUsersMeOperation, getUsersOperation } from '../src/generated/api/users';
import type { OperationDescriptor } from '../src/runtime/descriptor';
import { toRequestOptions, unknownOptions } from '../src/runtime/request';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let baseUrl: string;
const seen: Seen[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function send(op: OperationDescriptor, args: object) {
  seen.length = 0;
  const http = new HttpClient({ baseUrl, retry: false });
  await http.request(toRequestOptions(op, args));
  return seen[0]!;
}

// A descriptor shaped like the generated ones, covering locations the Users API does not use.
const mixed: OperationDescriptor = {
  id: 'putThingItem',
  method: 'PUT',
  path: '/api/v2/things/{thingId}/items/{item.id}',
  tags: ['Things'],
  params: [
    { name: 'thingId', key: 'thingId', in: 'path', required: true, type: 'string' },
    { name: 'item.id', key: 'itemId', in: 'path', required: true, type: 'string' },
    { name: 'body', key: 'body', in: 'body', required: true },
    { name: 'If-Match', key: 'ifMatch', in: 'header', type: 'string' },
    { name: 'ids', key: 'ids', in: 'query', type: 'array', items: 'string', collectionFormat: 'pipes' },
    { name: 'tags', key: 'tags', in: 'query', type: 'array', items: 'string' },
    { name: 'since', key: 'since', in: 'query', type: 'string', format: 'date-time' },
    { name: 'pageSize', key: 'pageSize', in: 'query', type: 'integer' },
  ],
  consumes: ['application/json'],
  responseType: 'json',
};

describe('toRequestOptions', () => {
  it('sends multi-format arrays as repeated query parameters', async () => {
    const got = await send(getUsersMeOperation, { expand: ['presence', 'routingStatus'] });
    expect(got.method).toBe('GET');
    expect(got.url).toBe('/api/v2/users/me?expand=presence&expand=routingStatus');
  });

  it('encodes path params, maps option keys to wire names, and applies collection formats', async () => {
    const since = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
    const got = await send(mixed, {
      thingId: 'a/b c',
      itemId: 'x?y',
      body: { name: 'n' },
      ifMatch: '"etag-1"',
      ids: ['1', '2'],
      tags: ['t1', 't2'],
      since,
      pageSize: 25,
    });
    expect(got.method).toBe('PUT');
    const url = new URL(got.url, baseUrl);
    expect(url.pathname).toBe('/api/v2/things/a%2Fb%20c/items/x%3Fy');
    expect(url.searchParams.get('ids')).toBe('1|2');
    expect(url.searchParams.get('tags')).toBe('t1,t2');
    expect(url.searchParams.get('since')).toBe('2026-01-02T03:04:05.000Z');
    expect(url.searchParams.get('pageSize')).toBe('25');
    expect(got.headers['if-match']).toBe('"etag-1"');
    expect(got.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(got.body)).toEqual({ name: 'n' });
  });

  it('accepts wire names where they differ from option keys', () => {
    const req = toRequestOptions(mixed, { thingId: 't', 'item.id': 'i', body: {}, 'If-Match': 'e' });
    expect(req.pathParams).toEqual({ thingId: 't', 'item.id': 'i' });
    expect(req.headers).toEqual({ 'If-Match': 'e' });
  });

  it('names the operation and the parameter when a required one is missing', () => {
    expect(() => toRequestOptions(mixed, { thingId: 't', body: {} })).toThrowError(ValidationError);
    expect(() => toRequestOptions(mixed, { thingId: 't', body: {} })).toThrowError(
      'putThingItem: path parameter "item.id" (option "itemId") is required',
    );
    expect(() => toRequestOptions(mixed, { thingId: 't', itemId: 'i' })).toThrowError(
      'putThingItem: body is required',
    );
  });

  it('rejects values of the wrong type before sending', () => {
    expect(() => toRequestOptions(getUsersOperation, { pageSize: 'ten' })).toThrowError(
      /getUsers: query parameter "pageSize" must be a number, got "ten"/,
    );
    expect(() => toRequestOptions(getUsersOperation, { expand: 'presence' })).toThrowError(
      /must be an array/,
    );
  });

  it('merges per-call headers and passes signal and timeout through', () => {
    const signal = new AbortController().signal;
    const req = toRequestOptions(
      getUsersMeOperation,
      {},
      { headers: { 'X-Trace': '1' }, signal, timeout: 5 },
    );
    expect(req.headers).toEqual({ 'X-Trace': '1' });
    expect(req.signal).toBe(signal);
    expect(req.timeout).toBe(5);
  });

  it('lists options that match no parameter', () => {
    expect(unknownOptions(getUsersMeOperation, { expand: [], expnad: [], customHeaders: {} })).toEqual([
      'expnad',
    ]);
    // The known keys are kept per operation: a second call and another operation each get their own answer.
    expect(unknownOptions(getUsersMeOperation, { expand: [], integrationPresenceSource: 'x' })).toEqual([]);
    expect(unknownOptions(getUsersOperation, { expand: [], pageSize: 1, expnad: 1 })).toEqual(['expnad']);
    expect(unknownOptions(getUsersMeOperation, { pageSize: 1 })).toEqual(['pageSize']);
    // Inherited keys are not options.
    expect(unknownOptions(getUsersMeOperation, Object.create({ inherited: 1 }))).toEqual([]);
  });
});
