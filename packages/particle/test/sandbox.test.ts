import { type Sandbox, startSandbox } from '@skyport/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Particle, type ParticleEvent } from '../src/index.js';

let sb: Sandbox;
let particle: Particle;
let auth: string;
beforeAll(async () => {
  sb = await startSandbox();
  particle = new Particle({ baseUrl: sb.particle.apiUrl });
  const { body } = await particle.login({ username: sb.particle.username, password: sb.particle.password });
  auth = body.access_token;
});
afterAll(() => sb.close());

describe('against the sandbox', () => {
  it('logs in with the default particle-api client and lists devices', async () => {
    expect(typeof auth).toBe('string');
    const login = sb.requests().find((r) => r.method === 'POST' && r.url.startsWith('/oauth/token'));
    expect(login).toMatchObject({ status: 200 });
    expect(login?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const res = await particle.listDevices({ auth });
    expect(res.statusCode).toBe(200);
    expect(Array.isArray(res.body)).toBe(true);
    expect(res.body.length).toBeGreaterThan(0);
    const dev = await particle.getDevice({ deviceId: res.body[0].id, auth });
    expect(dev.body.id).toBe(res.body[0].id);
  });

  it('rejects a wrong password with the server error kept', async () => {
    const err = await particle.login({ username: sb.particle.username, password: 'wrong' }).catch((e) => e);
    expect(err.statusCode).toBeGreaterThanOrEqual(400);
    expect(err.body).toBeTypeOf('object');
  });

  it('streams published events across an injected drop without loss or duplicates', async () => {
    sb.faults.add({ kind: 'stream-drop', route: '/v1/devices/events*', count: 1, afterEvents: 3 });
    const stream = await particle.getEventStream({
      deviceId: 'mine',
      name: 'skyport-test',
      auth,
      initialDelayMs: 20,
    });
    const got: string[] = [];
    let reconnected = 0;
    stream.on('event', (e: ParticleEvent) => got.push(e.data));
    stream.on('reconnect-success', () => reconnected++);
    for (let i = 1; i <= 8; i++) {
      await particle.publishEvent({ name: 'skyport-test', data: `d${i}`, isPrivate: true, auth });
    }
    const end = Date.now() + 10_000;
    while (got.length < 8 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    stream.abort();
    expect(got).toEqual(['d1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7', 'd8']);
    expect(reconnected).toBe(1);
  });

  it('device updates, functions, variables and the user', async () => {
    const user = await particle.getUserInfo({ auth });
    expect(user.body.username).toBe(sb.particle.username);
    const devices = (await particle.listDevices({ auth })).body;
    const id = devices[0].id;
    const full = (await particle.getDevice({ deviceId: id, auth })).body;
    await expect(
      particle.renameDevice({ deviceId: id, name: 'renamed-by-skyport', auth }),
    ).resolves.toMatchObject({
      statusCode: 200,
    });
    expect((await particle.getDevice({ deviceId: id, auth })).body.name).toBe('renamed-by-skyport');
    await particle.setDeviceNotes({ deviceId: id, notes: 'hello', auth });
    expect((await particle.getDevice({ deviceId: id, auth })).body.notes).toBe('hello');
    const fn = full.functions?.[0];
    if (fn) {
      const called = await particle.callFunction({ deviceId: id, name: fn, argument: '1', auth });
      expect(called.statusCode).toBe(200);
      expect(called.body).toHaveProperty('return_value');
    }
    const variable = Object.keys(full.variables ?? {})[0];
    if (variable) {
      const read = await particle.getVariable({ deviceId: id, name: variable, auth });
      expect(read.body).toHaveProperty('result');
    }
    expect(fn ?? variable).toBeDefined();
    const missing = await particle.getDevice({ deviceId: 'no-such-device', auth }).catch((e) => e);
    expect(missing.statusCode).toBe(404);
  });
});
