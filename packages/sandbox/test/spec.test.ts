import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SpecTables } from '../src/genesys/spec.js';
import { type Sandbox, startSandbox } from '../src/index.js';

// The committed codegen output; read from the repo here because @skyport/genesys-cloud is not packaged yet.
const dir = new URL('../../genesys-cloud/tables/', import.meta.url);
const tables: SpecTables = {
  operations: JSON.parse(readFileSync(new URL('operations.json', dir), 'utf8')).operations,
  definitions: JSON.parse(readFileSync(new URL('schemas.json', dir), 'utf8')).definitions,
};

let sb: Sandbox;
let tok: string;
beforeAll(async () => {
  sb = await startSandbox({ genesysTables: tables });
  const res = await fetch(`${sb.genesys.loginUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `grant_type=client_credentials&client_id=${sb.genesys.clientId}&client_secret=${sb.genesys.clientSecret}`,
  });
  tok = ((await res.json()) as { access_token: string }).access_token;
});
afterAll(() => sb.close());

const call = (method: string, path: string, body?: unknown, auth = true) =>
  fetch(`${sb.url}${path}`, {
    method,
    headers: {
      ...(auth ? { authorization: `Bearer ${tok}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });

describe('spec-driven operations', () => {
  it('needs a token', async () => {
    expect((await call('GET', '/api/v2/routing/skills', undefined, false)).status).toBe(401);
  });

  it('answers an operation without a stateful handler with a schema-shaped, seeded body', async () => {
    const res = await call('GET', '/api/v2/routing/skills?pageSize=5');
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Array.isArray(body.entities)).toBe(true);
    expect(typeof body.pageSize).toBe('number');
  });

  it('answers the same request with the same body, whatever came before, with coherent paging and typed fields', async () => {
    const path = '/api/v2/routing/languages?pageSize=7&pageNumber=2';
    const first = await (await call('GET', path)).json();
    await call('GET', '/api/v2/routing/utilization');
    await call('GET', '/api/v2/routing/languages?pageSize=8');
    const again = await (await call('GET', path)).json();
    expect(again).toEqual(first);
    const page = first as {
      entities: { id: string }[];
      pageSize: number;
      pageNumber: number;
      total: number;
      selfUri: string;
      previousUri: string;
    };
    expect(page.pageSize).toBe(7);
    expect(page.pageNumber).toBe(2);
    expect(Number.isInteger(page.total)).toBe(true);
    expect(page.selfUri).toBe('/api/v2/routing/languages?pageSize=7&pageNumber=2');
    expect(page.previousUri).toBe('/api/v2/routing/languages?pageSize=7&pageNumber=1');
    expect(page.entities[0]?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    const other = await (await call('GET', '/api/v2/routing/languages?pageSize=7&pageNumber=3')).json();
    expect(other).not.toEqual(first);
  });

  it('prefers literal segments over parameters', async () => {
    // GET /api/v2/groups/search (requires q64) must win over GET /api/v2/groups/{groupId}
    const lit = await call('GET', '/api/v2/groups/search');
    expect(lit.status).toBe(400);
    expect(((await lit.json()) as { message: string }).message).toBe('query parameter q64 is required');
    expect((await call('GET', '/api/v2/groups/some-group-id/profile')).status).toBe(200);
  });

  it('names the bad query parameter and body field', async () => {
    const q = await call('GET', '/api/v2/routing/skills?pageSize=lots');
    expect(q.status).toBe(400);
    expect(((await q.json()) as { message: string }).message).toContain('pageSize');

    const b = await call('POST', '/api/v2/groups', { name: 5 });
    expect(b.status).toBe(400);
    const msg = ((await b.json()) as { message: string }).message;
    expect(msg).toMatch(/body\.(name|type|rulesVisible|visibility)/);

    const missing = await call('POST', '/api/v2/groups');
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { message: string }).message).toContain('body is required');
  });

  it('404s paths absent from the spec in the Genesys shape', async () => {
    const res = await call('GET', '/api/v2/definitely/not/an/operation');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ status: 404, code: 'not.found' });
  });
});
