import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.js';
import { parseCron } from '../src/particle/cron.js';
import { particleHttp, readEvents, seededToken } from './particle-helpers.js';

// Generous limits: the machine is shared, and these tests wait on real sockets and timers.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let sb: Sandbox;
let token: string;
let call: ReturnType<typeof particleHttp>;
const device = (name: string) => [...sb.state.particle.devices.values()].find((d) => d.name === name)!;

beforeAll(async () => {
  sb = await startSandbox({ particle: { publishIntervalMs: 0, logicScheduleTickMs: 20 } });
  call = particleHttp(sb.url);
});
beforeEach(async () => {
  sb.reset();
  token = await seededToken(sb.url, sb.particle.username, sb.particle.password);
});
afterAll(() => sb.close());

describe('cron expressions', () => {
  const at = (iso: string) => Date.parse(iso);
  it('matches minutes, hours, steps, ranges, lists and either day field', () => {
    const every15 = parseCron('*/15 * * * *');
    if (typeof every15 === 'string') throw new Error(every15);
    expect(every15.matches(at('2026-01-05T10:30:00Z'))).toBe(true);
    expect(every15.matches(at('2026-01-05T10:31:00Z'))).toBe(false);
    const weekdays = parseCron('0 9-17/4 * * 1-5');
    if (typeof weekdays === 'string') throw new Error(weekdays);
    expect(weekdays.matches(at('2026-01-05T13:00:00Z'))).toBe(true); // Monday 13:00
    expect(weekdays.matches(at('2026-01-04T13:00:00Z'))).toBe(false); // Sunday
    const either = parseCron('0 0 1 * 0');
    if (typeof either === 'string') throw new Error(either);
    expect(either.matches(at('2026-02-01T00:00:00Z'))).toBe(true); // the 1st (a Sunday too)
    expect(either.matches(at('2026-01-04T00:00:00Z'))).toBe(true); // a Sunday
    expect(either.matches(at('2026-01-05T00:00:00Z'))).toBe(false);
    expect(parseCron('61 * * * *')).toBe('cron minute: "61" is outside 0-59');
    expect(parseCron('* * *')).toMatch(/5 fields/);
  });
});

describe('device connectivity', () => {
  it('publishes spark/status and delivers released firmware and rolled-out env vars on connect', async () => {
    const fleet = device('fleet-02');
    const p = sb.state.particle.products.get(4242)!;
    p.firmware.set(2, { ...p.firmware.get(1)!, version: 2, productDefault: false });
    await call('PUT', '/v1/products/4242/firmware/release', {
      token,
      json: { version: 2, product_default: true },
    });
    expect(fleet.firmwareVersion).toBe(1); // offline: not yet
    await call('PUT', '/v1/products/4242/env/MODE', { token, json: { value: 'eco' } });
    await call('POST', '/v1/products/4242/env/rollout', { token, json: { when: 'Connect' } });
    const events = readEvents(`${sb.url}/v1/products/4242/events/spark`, token, {
      count: 1,
      onOpen: async () => {
        const r = await call('POST', `/__sandbox/particle/devices/${fleet.id}`, { json: { online: true } });
        expect(r.body).toEqual({
          id: fleet.id,
          name: 'fleet-02',
          online: true,
          firmware_version: 2,
          env: { MODE: 'eco' },
        });
      },
    });
    const got = (await events).events[0];
    expect(got?.event).toBe('spark/status');
    expect(JSON.parse(got?.data ?? '{}')).toMatchObject({ data: 'online', coreid: fleet.id });
    const fn = await call('POST', `/v1/devices/${fleet.id}/led`, { token, json: { arg: 'on' } });
    expect(fn.body.return_value).toBe(1);
    await call('POST', '/__sandbox/particle/devices/fleet-02', { json: { online: false } });
    expect((await call('POST', `/v1/devices/${fleet.id}/led`, { token, json: { arg: 'on' } })).status).toBe(
      408,
    );
    expect((await call('POST', '/__sandbox/particle/devices/nope', { json: { online: true } })).status).toBe(
      404,
    );
    expect(
      (await call('POST', `/__sandbox/particle/devices/${fleet.id}`, { json: { online: 'yes' } })).body.error,
    ).toBe('online must be true or false');
  });
});

describe('scheduled logic triggers', () => {
  it('run when the sandbox clock passes a matching minute', async () => {
    // A minute five minutes ahead on the sandbox clock: real time cannot reach it during the test.
    const clock = await fetch(`${sb.url}/__sandbox/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceMs: 0 }),
    });
    const target = new Date(((await clock.json()) as { now: number }).now + 5 * 60_000);
    const cron = `${target.getUTCMinutes()} ${target.getUTCHours()} * * *`;
    const code =
      "export default function main({ scheduled }) { console.log('tick', typeof scheduled.scheduledAt) }";
    const made = await call('POST', '/v1/logic/functions', {
      token,
      json: {
        logic_function: {
          name: 'ticker',
          source: { type: 'JavaScript', code },
          logic_triggers: [{ type: 'Scheduled', cron }],
        },
      },
    });
    expect(made.status).toBe(201);
    const id = made.body.logic_function.id;
    await new Promise((r) => setTimeout(r, 60));
    expect((await call('GET', `/v1/logic/functions/${id}/runs`, { token })).body.logic_runs).toHaveLength(0);
    sb.advanceClock(6 * 60_000);
    let runs: { id: string; logic_trigger_type: string }[] = [];
    const end = Date.now() + 10_000;
    while (runs.length < 1 && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 20));
      runs = (await call('GET', `/v1/logic/functions/${id}/runs`, { token })).body.logic_runs;
    }
    await new Promise((r) => setTimeout(r, 100));
    runs = (await call('GET', `/v1/logic/functions/${id}/runs`, { token })).body.logic_runs;
    expect(runs).toHaveLength(1);
    expect(runs[0]?.logic_trigger_type).toBe('Scheduled');
    const logs = await call('GET', `/v1/logic/functions/${id}/runs/${runs[0]?.id}/logs`, { token });
    expect(logs.body.logs[0].args).toEqual(['tick', 'string']);
  });
});

describe('faults on the Particle side', () => {
  it('injects statuses in the Particle error shape and revokes Particle tokens', async () => {
    sb.faults.add({ kind: 'status', route: 'GET /v1/devices', status: 503, count: 1 });
    expect(await call('GET', '/v1/devices', { token })).toMatchObject({
      status: 503,
      body: { ok: false, error: 'injected status 503' },
    });
    expect((await call('GET', '/v1/devices', { token })).status).toBe(200);
    sb.faults.add({ kind: 'revoke-token', route: 'GET /v1/user', count: 1 });
    expect((await call('GET', '/v1/user', { token })).body.error).toBe('invalid_token');
    const fresh = await seededToken(sb.url, sb.particle.username, sb.particle.password);
    const revoke = await fetch(`${sb.url}/__sandbox/tokens/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: fresh }),
    });
    expect(revoke.status).toBe(204);
    expect((await call('GET', '/v1/user', { token: fresh })).status).toBe(401);
  });
});

describe('organizations', () => {
  it('streams the events of the org’s products and unprotects its devices', async () => {
    const org = [...sb.state.particle.orgs.values()][0]!;
    sb.state.particle.products.get(4242)!.orgId = org.id;
    const got = await readEvents(`${sb.url}/v1/orgs/sandbox-org/events/fleet`, token, {
      count: 1,
      onOpen: async () => {
        await call('POST', '/v1/devices/events', { token, json: { name: 'fleet-mine', data: 'not org' } });
        await call('POST', '/v1/products/4242/events', { token, json: { name: 'fleet-org', data: 'org' } });
      },
    });
    expect(got.events.map((e) => e.event)).toEqual(['fleet-org']);
    const scoped = await readEvents(`${sb.url}/v1/orgs/sandbox-org/products/4242/events`, token, {
      count: 1,
      onOpen: async () => {
        await call('POST', '/v1/products/4242/events', { token, json: { name: 'again', data: '' } });
      },
    });
    expect(scoped.events[0]?.event).toBe('again');
    const fleet = device('fleet-01');
    const prep = await call('PUT', `/v1/orgs/sandbox-org/devices/${fleet.id}/unprotect`, {
      token,
      json: { action: 'prepare' },
    });
    expect(prep.body.server_nonce).toBeTypeOf('string');
    const kettle = device('kettle');
    expect(
      (
        await call('PUT', `/v1/orgs/sandbox-org/devices/${kettle.id}/unprotect`, {
          token,
          json: { action: 'prepare' },
        })
      ).status,
    ).toBe(404);
    await call('POST', '/v1/users', {
      json: { username: 'nobody@example.com', password: 'nobody-password' },
    });
    const nobody = await seededToken(sb.url, 'nobody@example.com', 'nobody-password');
    expect((await call('GET', '/v1/orgs/sandbox-org/events', { token: nobody })).body.error).toBe(
      'Organization not found',
    );
  });
});
