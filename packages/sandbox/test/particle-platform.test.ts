import { createTarGzip } from 'nanotar';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.js';
import { particleHttp, readEvents, seededToken } from './particle-helpers.js';

// Generous limits: the machine is shared, and these tests wait on real sockets and timers.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let sb: Sandbox;
let token: string;
let other: string;
let call: ReturnType<typeof particleHttp>;

beforeAll(async () => {
  sb = await startSandbox({ particle: { publishIntervalMs: 0 } });
  call = particleHttp(sb.url);
});
beforeEach(async () => {
  sb.reset();
  token = await seededToken(sb.url, sb.particle.username, sb.particle.password);
  await call('POST', '/v1/users', { json: { username: 'other@example.com', password: 'other-password' } });
  other = await seededToken(sb.url, 'other@example.com', 'other-password');
});
afterAll(() => sb.close());

async function contribute(auth: string, files: Record<string, string> | Buffer) {
  const data = Buffer.isBuffer(files)
    ? files
    : Buffer.from(await createTarGzip(Object.entries(files).map(([name, text]) => ({ name, data: text }))));
  const fd = new FormData();
  fd.append('file', new Blob([new Uint8Array(data)]), 'archive.tar.gz');
  const res = await fetch(`${sb.url}/v1/libraries`, {
    method: 'POST',
    headers: { authorization: `Bearer ${auth}` },
    body: fd,
  });
  // biome-ignore lint/suspicious/noExplicitAny: answers are checked with matchers
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}
const props = (name: string, version: string) =>
  `name=${name}\nversion=${version}\nauthor=Me <me@example.com>\narchitectures=argon,boron\n`;

describe('SIMs', () => {
  it('walks activate → deactivate → reactivate, refuses impossible moves, imports unknown ICCIDs', async () => {
    const iccid = '89340765000025891740';
    expect((await call('PUT', `/v1/sims/${iccid}`, { token, json: { action: 'activate' } })).body).toEqual({
      ok: false,
      error: 'SIM is already active',
    });
    const off = await call('PUT', `/v1/sims/${iccid}`, { token, json: { action: 'deactivate' } });
    expect(off.body).toMatchObject({
      status: 'inactive',
      deactivations_count: 1,
      last_status_change_action: 'deactivate',
    });
    const on = await call('PUT', `/v1/sims/${iccid}`, {
      token,
      json: { action: 'reactivate', mb_limit: 50 },
    });
    expect(on.body).toMatchObject({ status: 'active', activations_count: 2, overage_monthly_limit: 50 });
    const bad = await call('PUT', `/v1/sims/${iccid}`, { token, json: { action: 'explode' } });
    expect(bad.body.error).toMatch(/^action must be/);
    const fresh = '89000000000000000001';
    expect((await call('PUT', `/v1/sims/${fresh}`, { token, json: { action: 'reactivate' } })).status).toBe(
      404,
    );
    const imported = await call('PUT', `/v1/sims/${fresh}`, { token, json: { action: 'activate' } });
    expect(imported.body).toMatchObject({ iccid: fresh, status: 'active', activations_count: 1 });
    expect((await call('GET', `/v1/sims/${fresh}`, { token: other })).status).toBe(403);
    expect((await call('GET', '/v1/sims/123', { token })).body.error).toBe('ICCID must be 19 or 20 digits');
  });

  it('data usage is deterministic and sums per product', async () => {
    const a = await call('GET', '/v1/sims/89340765000025891740/data_usage', { token });
    const b = await call('GET', '/v1/sims/89340765000025891740/data_usage', { token });
    expect(a.body).toEqual(b.body);
    expect(a.body.quota).toBe(100);
    const s1 = (await call('GET', '/v1/products/4242/sims/89340765000025891765/data_usage', { token })).body
      .used;
    const s2 = (await call('GET', '/v1/products/4242/sims/89340765000025891773/data_usage', { token })).body
      .used;
    const fleet = await call('GET', '/v1/products/4242/sims/data_usage', { token });
    expect(fleet.body.total_mbs_used).toBeCloseTo(s1 + s2, 1);
    expect(fleet.body.total_active_sim_cards).toBe(2);
  });
});

describe('libraries', () => {
  it('validates contributed archives', async () => {
    expect((await contribute(token, Buffer.from('not gzip'))).body.error).toBe(
      'archive is not a valid .tar.gz',
    );
    expect((await contribute(token, { 'src/a.h': '' })).body.error).toBe(
      'library.properties is missing from the archive',
    );
    expect((await contribute(token, { 'library.properties': props('Lib', '1.0.0') })).body.error).toBe(
      'the archive has no sources under src/',
    );
    const badVersion = await contribute(token, { 'library.properties': props('Lib', 'one'), 'src/a.h': '' });
    expect(badVersion.body.error).toBe('library.properties: version must be x.y.z');
    const taken = await contribute(token, {
      'library.properties': props('SandboxSensor', '9.0.0'),
      'src/a.h': '',
    });
    expect(taken).toMatchObject({
      status: 403,
      body: { error: 'library SandboxSensor belongs to another author' },
    });
  });

  it('keeps private versions to their author until published; archives are downloadable once public', async () => {
    const made = await contribute(token, {
      'MyLib/library.properties': props('MyLib', '0.1.0'),
      'MyLib/src/MyLib.h': '',
    });
    expect(made.status).toBe(201);
    expect(
      (await contribute(token, { 'library.properties': props('MyLib', '0.1.0'), 'src/a.h': '' })).body.error,
    ).toBe('version 0.1.0 of MyLib already exists');
    expect((await call('GET', '/v1/libraries/MyLib', { token: other })).status).toBe(404);
    const mine = await call('GET', '/v1/libraries?scope=mine', { token });
    expect(mine.body.data.map((l: { id: string }) => l.id)).toEqual(['MyLib']);
    const link = made.body.data.links.download as string;
    expect((await fetch(link)).status).toBe(404);
    await call('PATCH', '/v1/libraries/MyLib', { token, json: { visibility: 'public' } });
    expect((await call('GET', '/v1/libraries/MyLib', { token: other })).body.data.attributes.mine).toBe(
      false,
    );
    const archive = await fetch(link);
    expect(archive.status).toBe(200);
    expect(Buffer.from(await archive.arrayBuffer()).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect((await call('DELETE', '/v1/libraries/MyLib', { token: other })).body.error).toBe(
      'library MyLib is not yours',
    );
  });

  it('filters by architecture and sorts', async () => {
    const p2 = await call('GET', '/v1/libraries?architectures=p2&sort=-installs', { token });
    expect(p2.body.data.map((l: { id: string }) => l.id)).toEqual(['SandboxSensor', 'sandbox-display']);
    const photon = await call('GET', '/v1/libraries?architectures=photon', { token });
    expect(photon.body.data.map((l: { id: string }) => l.id)).toEqual(['SandboxSensor']);
    expect((await call('GET', '/v1/libraries?sort=stars', { token })).body.error).toMatch(
      /^sort must be one of/,
    );
    expect((await call('GET', '/v1/libraries?limit=0', { token })).body.error).toBe(
      'limit must be an integer from 1 to 100',
    );
  });
});

describe('build targets and Device OS', () => {
  it('lists targets with default versions and rejects unknown platforms and versions', async () => {
    const all = await call('GET', '/v1/build_targets', { token });
    expect(all.body.default_versions).toMatchObject({ '6': '2.3.1', '32': '6.3.2' });
    expect(
      all.body.targets.find((t: { version: string }) => t.version === '6.4.0-rc.1').prereleases,
    ).toContain(32);
    expect((await call('GET', '/v1/device-os/versions?platform_id=999', { token })).body.error).toBe(
      'platform_id 999 is not a known platform',
    );
    expect((await call('GET', '/v1/device-os/versions/6.3.2?platform_id=6', { token })).status).toBe(404);
    const v = await call('GET', '/v1/device-os/versions?internal_version=4200', { token });
    expect(v.body.every((x: { version: string }) => x.version === '4.2.0')).toBe(true);
  });
});

describe('env vars', () => {
  it('inherits owner → product → device, validates keys and diffs rollouts', async () => {
    const fleet = [...sb.state.particle.devices.values()].find((d) => d.name === 'fleet-02')!;
    await call('PUT', '/v1/env/REGION', { token, json: { value: 'eu' } });
    await call('PUT', '/v1/products/4242/env/REGION', { token, json: { value: 'us' } });
    await call('PUT', '/v1/products/4242/env/RATE', { token, json: { value: '5' } });
    const dev = await call('GET', `/v1/env/${fleet.id}`, { token });
    expect(dev.body.latest.inherited).toEqual({
      REGION: { from: 'Product', value: 'us' },
      RATE: { from: 'Product', value: '5' },
    });
    const product = await call('GET', '/v1/products/4242/env', { token });
    expect(product.body.latest.inherited).toEqual({ REGION: { from: 'Owner', value: 'eu' } });
    await call('POST', '/v1/products/4242/env/rollout', { token, json: { when: 'Connect' } });
    await call('PATCH', '/v1/products/4242/env', {
      token,
      json: {
        ops: [
          { op: 'Unset', key: 'RATE' },
          { op: 'Set', key: 'REGION', value: 'ap' },
        ],
      },
    });
    const review = await call('GET', '/v1/products/4242/env/rollout', { token });
    expect(review.body.from_snapshot).toEqual({
      changes: [
        { op: 'Changed', key: 'REGION', before: 'us', after: 'ap' },
        { op: 'Removed', key: 'RATE', before: '5' },
      ],
      unchanged: {},
    });
    const errors: [unknown, string][] = [
      [{ ops: [] }, 'ops must be a non-empty array of { op, key, value? }'],
      [
        { ops: [{ op: 'Set', key: '1BAD', value: 'x' }] },
        'ops[0].key must be letters, digits or _ (not starting with a digit), at most 64',
      ],
      [
        { ops: [{ op: 'Set', key: 'PARTICLE_X', value: 'x' }] },
        'ops[0].key: the PARTICLE_ prefix is reserved',
      ],
      [{ ops: [{ op: 'Set', key: 'K', value: 1 }] }, 'ops[0].value must be a string'],
      [{ ops: [{ op: 'Drop', key: 'K' }] }, 'ops[0].op must be Set or Unset'],
    ];
    for (const [json, error] of errors)
      expect((await call('PATCH', '/v1/env', { token, json })).body).toEqual({ ok: false, error });
    expect((await call('POST', '/v1/env/rollout', { token, json: { when: 'Later' } })).body.error).toBe(
      'when must be Immediate or Connect',
    );
    expect((await call('GET', `/v1/env/${fleet.id}`, { token: other })).status).toBe(404);
  });
});

describe('ledgers', () => {
  it('validates definitions, scope values, sizes and archived ledgers', async () => {
    const create = (ledger: unknown) => call('POST', '/v1/ledgers', { token, json: { ledger } });
    expect((await create({ name: 'Bad Name', scope: 'Owner' })).body.error).toBe(
      'ledger.name must be 1-32 lowercase letters, digits or -',
    );
    expect((await create({ name: 'x', scope: 'Team' })).body.error).toBe(
      'ledger.scope must be one of Owner, Product, Device',
    );
    expect((await create({ name: 'cfg', scope: 'Product' })).status).toBe(201);
    expect((await create({ name: 'cfg', scope: 'Product' })).body.error).toBe(
      'a ledger named cfg already exists',
    );
    const set = (value: string, data: unknown, q = '') =>
      call('PUT', `/v1/ledgers/cfg/instances/${value}${q}`, { token, json: { instance: { data } } });
    expect((await set('9999', { a: 1 })).body.error).toBe('"9999" is not a product of yours for ledger cfg');
    expect((await set('4242', [1])).body.error).toBe('instance.data must be an object');
    expect((await set('4242', { a: 'x'.repeat(17_000) })).body.error).toBe(
      'instance data must be at most 16384 bytes of JSON',
    );
    expect((await set('4242', { a: 1 }, '?set_mode=Append')).body.error).toBe(
      'set_mode must be Replace or Merge',
    );
    expect((await set('4242', { a: 1 })).body.scope).toEqual({
      type: 'Product',
      value: '4242',
      name: 'Sandbox Fleet',
    });
    expect(
      (await call('PUT', '/v1/ledgers/cfg', { token, json: { ledger: { scope: 'Owner' } } })).body.error,
    ).toBe('ledger.scope cannot be changed');
    expect((await call('DELETE', '/v1/ledgers/cfg', { token })).status).toBe(204);
    expect((await set('4242', { a: 2 })).body.error).toBe('ledger cfg is archived');
    expect((await call('GET', '/v1/ledgers/cfg', { token: other })).status).toBe(404);
    expect((await call('GET', '/v1/orgs/sandbox-org/ledgers', { token })).body.ledger_definitions).toEqual(
      [],
    );
    expect((await call('GET', '/v1/orgs/sandbox-org/ledgers', { token: other })).status).toBe(404);
  });
});

describe('logic functions', () => {
  const exec = (code: string) =>
    call('POST', '/v1/logic/execute', {
      token,
      json: { source: { type: 'JavaScript', code }, event: { event_data: 'd' } },
    });

  it('reports syntax errors, foreign imports, thrown errors and timeouts', async () => {
    expect((await exec('export default function main( {')).body.error).toMatch(/^source\.code: /);
    expect((await exec("import fs from 'node:fs';\nexport default () => 1")).body.error).toBe(
      "source.code: only 'particle:core' can be imported (found 'node:fs')",
    );
    const thrown = await exec("export default function main() { throw new Error('boom') }");
    expect(thrown.body.result.status).toBe('Failure');
    expect(thrown.body.result.err).toMatch(/boom/);
    const loop = await exec('export default function main() { for (;;) {} }');
    expect(loop.body.result.status).toBe('Failure');
    expect(loop.body.result.err).toMatch(/timed out/i);
    const noMain = await exec('const x = 1;');
    expect(noMain.body.result.err).toMatch(/export default/);
  });

  it('publishes events from logic and runs product triggers on product events only', async () => {
    const code = [
      "import Particle from 'particle:core';",
      'export default async function main({ event }) {',
      "  Particle.publish('derived', event.eventData + '!', { productId: 4242 });",
      '}',
    ].join('\n');
    const made = await call('POST', '/v1/logic/functions', {
      token,
      json: {
        logic_function: {
          name: 'deriver',
          source: { type: 'JavaScript', code },
          logic_triggers: [{ type: 'Event', event: 'raw', product_id: 4242 }],
        },
      },
    });
    expect(made.status).toBe(201);
    await call('POST', '/v1/devices/events', { token, json: { name: 'raw', data: 'user' } });
    await call('POST', '/v1/products/4242/events', { token, json: { name: 'raw', data: 'fleet' } });
    const id = made.body.logic_function.id;
    const end = Date.now() + 10_000;
    let runs: unknown[] = [];
    while (runs.length === 0 && Date.now() < end) {
      runs = (await call('GET', `/v1/logic/functions/${id}/runs`, { token })).body.logic_runs;
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(runs).toHaveLength(1);
    // The user-scope `raw` ran nothing; the product one published `derived` into the product.
    const replay = await readEvents(`${sb.url}/v1/products/4242/events/derived`, token, {
      count: 1,
      lastEventId: '0',
    });
    expect(JSON.parse(replay.events[0]?.data ?? '{}')).toMatchObject({
      data: 'fleet!',
      coreid: 'particle-logic',
    });
    const dup = await call('POST', '/v1/logic/functions', {
      token,
      json: { logic_function: { name: 'deriver', source: { type: 'JavaScript', code } } },
    });
    expect(dup.body.error).toBe('a logic function named "deriver" already exists');
    const badTrigger = await call('POST', '/v1/logic/functions', {
      token,
      json: {
        logic_function: {
          name: 'x',
          source: { type: 'JavaScript', code },
          logic_triggers: [{ type: 'Scheduled', cron: 'often' }],
        },
      },
    });
    expect(badTrigger.body.error).toBe(
      'logic_function.logic_triggers[0].cron must have 5 fields (minute hour day-of-month month day-of-week)',
    );
  });
});

describe('malformed input', () => {
  it('answers unknown routes and unparsable bodies in the Particle shape', async () => {
    expect(await call('GET', '/v1/nope', { token })).toMatchObject({
      status: 404,
      body: { ok: false, error: 'Not found', info: 'no route for GET /v1/nope' },
    });
    expect((await call('PATCH', '/v1/devices', { token })).body.error).toBe('Not found');
    expect((await call('GET', '/oauth/token')).body).toEqual({
      ok: false,
      error: 'Not found',
      info: 'no route for GET /oauth/token',
    });
    const bad = await fetch(`${sb.url}/v1/devices/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"name":',
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, error: expect.stringMatching(/JSON/i) });
    // The Genesys side keeps its own error shape.
    const genesys = (await (await fetch(`${sb.url}/api/v2/nope`)).json()) as Record<string, unknown>;
    expect(genesys).toHaveProperty('code');
  });

  it('survives hundreds of malformed requests to Particle routes with 4xx answers', async () => {
    const kettle = [...sb.state.particle.devices.values()].find((d) => d.name === 'kettle')!;
    const paths = [
      '/v1/devices/events',
      `/v1/devices/${kettle.id}`,
      `/v1/devices/${kettle.id}/led`,
      '/v1/products/4242/firmware',
      '/v1/products/4242/config',
      '/v1/products/4242/team',
      '/v1/products/4242/devices',
      '/v1/webhooks',
      '/v1/integrations',
      '/v1/sims/89340765000025891740',
      '/v1/libraries',
      '/v1/env',
      '/v1/ledgers',
      '/v1/ledgers/x/instances/y',
      '/v1/logic/execute',
      '/v1/logic/functions',
      '/v1/binaries',
      '/v1/clients',
      '/v1/users',
      '/oauth/token',
    ];
    // Well-formed objects with wrong types may be ignored by routes that take no body (DELETE): those only must not
    // crash; everything else must be refused with a 4xx.
    const loose = new Set(['wrong types', 'bad form']);
    const bodies: [string, string, BodyInit][] = [
      ['broken JSON', 'application/json', '{"broken'],
      ['JSON array', 'application/json', '[1,2,3]'],
      ['JSON string', 'application/json', '"just a string"'],
      [
        'wrong types',
        'application/json',
        '{"name":123,"ops":"x","ledger":5,"logic_function":[],"source":7,"action":null}',
      ],
      ['bad form', 'application/x-www-form-urlencoded', 'a=%E0%A4%A&b'],
      [
        'truncated multipart',
        'multipart/form-data; boundary=xyz',
        '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\n\r\nabc',
      ],
      ['invalid UTF-8 bytes', 'application/octet-stream', new Uint8Array([0xff, 0xfe, 0x00, 0xc3])],
      ['control characters', 'text/plain', '\u0000\u0001'],
    ];
    let count = 0;
    for (const path of paths) {
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
        for (const [kind, type, body] of bodies) {
          const res = await fetch(`${sb.url}${path}`, {
            method,
            headers: { authorization: `Bearer ${token}`, 'content-type': type },
            body,
          });
          const text = await res.text();
          if (!loose.has(kind))
            expect(res.status, `${method} ${path} ${kind}: ${text}`).toBeGreaterThanOrEqual(400);
          expect(res.status, `${method} ${path} ${kind}: ${text}`).toBeLessThan(500);
          count++;
        }
      }
    }
    expect(count).toBe(640);
    expect((await call('GET', '/v1/user', { token })).status).toBe(200);
  });
});
