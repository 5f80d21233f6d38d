import { type Sandbox, startSandbox } from '@skyport/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Particle as FullParticle } from '../src/index.js';
import {
  compileCode,
  deviceMethods,
  getEventStream,
  listDevices,
  login,
  multipart,
  ParticleApiError,
  ParticleBase,
  type ParticleEvent,
  particleWith,
  publishEvent,
  renameDevice,
} from '../src/modular.js';

// The client an app like issue 5's builds, plus what the tests need to drive it.
const Particle = particleWith({
  login,
  listDevices,
  getEventStream,
  publishEvent,
  compileCode,
  renameDevice,
});

let sb: Sandbox;
let particle: InstanceType<typeof Particle>;
let auth: string;
beforeAll(async () => {
  sb = await startSandbox({ particle: { publishIntervalMs: 0 } });
  particle = new Particle({ baseUrl: sb.particle.apiUrl });
  const { body } = await particle.login({ username: sb.particle.username, password: sb.particle.password });
  auth = body.access_token;
});
afterAll(() => sb.close());

const last = (method: string, path: string) =>
  sb
    .requests()
    .filter((r) => r.method === method && r.url.split('?')[0] === path)
    .at(-1);

describe('a client composed with particleWith, against the sandbox', () => {
  it('logs in with the default OAuth client and lists devices', async () => {
    expect(typeof auth).toBe('string');
    expect(last('POST', '/oauth/token')?.body).toMatchObject({
      grant_type: 'password',
      client_id: 'particle-api',
      username: sb.particle.username,
    });
    particle.setDefaultAuth(auth);
    const res = await particle.listDevices();
    expect(res.statusCode).toBe(200);
    expect(res.body.map((d: { name: string }) => d.name)).toEqual(
      [...sb.state.particle.devices.values()].map((d) => d.name),
    );
    // The default auth is what made that call succeed: the same call without a token is refused.
    const anonymous = new Particle({ baseUrl: sb.particle.apiUrl });
    await expect(anonymous.listDevices()).rejects.toMatchObject({ statusCode: 401 });
  });

  it('streams live events published while it listens', async () => {
    const stream = await particle.getEventStream({ deviceId: 'mine', name: 'modular-test', auth });
    const got: ParticleEvent[] = [];
    stream.on('event', (e: ParticleEvent) => got.push(e));
    for (let i = 1; i <= 3; i++) {
      await particle.publishEvent({ name: 'modular-test', data: `m${i}`, isPrivate: true, auth });
    }
    const end = Date.now() + 10_000;
    while (got.length < 3 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    stream.abort();
    expect(got.map((e) => [e.name, e.data])).toEqual([
      ['modular-test', 'm1'],
      ['modular-test', 'm2'],
      ['modular-test', 'm3'],
    ]);
  });

  it('uploads a file as multipart (compileCode)', async () => {
    const res = await particle.compileCode({
      files: { 'app.ino': Buffer.from('void setup() {}\nvoid loop() {}\n') },
      platformId: 12,
      auth,
    });
    expect(res.body).toMatchObject({ ok: true });
    const sent = last('POST', '/v1/binaries');
    expect(sent?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(sent?.body).toMatchObject({ file: { filename: 'app.ino' }, platform_id: '12', latest: 'true' });
  });

  it('request({ files }) needs the multipart option; with it the generic call uploads like the full class', async () => {
    const args = {
      uri: '/v1/binaries',
      method: 'post',
      auth,
      files: { 'app.ino': Buffer.from('void setup() {}\nvoid loop() {}\n') },
      form: { platform_id: 6, latest: 'true' },
    };
    const before = sb.requests().length;
    const err = await particle.request(args).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect(String(err)).toMatch(/particleWith\(\{ \.\.\. \}, \{ multipart \}\)/);
    expect(sb.requests().length).toBe(before); // nothing half-sent
    const WithFiles = particleWith({ login }, { multipart });
    const res = await new WithFiles({ baseUrl: sb.particle.apiUrl }).request(args);
    expect(res.body).toMatchObject({ ok: true });
    expect(last('POST', '/v1/binaries')?.body).toMatchObject({
      file: { filename: 'app.ino' },
      platform_id: '6',
    });
    // The full class carries the encoder, as particle-api-js's request() takes files.
    const full = await new FullParticle({ baseUrl: sb.particle.apiUrl }).request(args);
    expect(full.body).toMatchObject({ ok: true });
  });

  it('a method built on another (renameDevice -> updateDevice) works without composing that one in', async () => {
    expect('updateDevice' in particle).toBe(false);
    const dev = [...sb.state.particle.devices.values()][0]!;
    const res = await particle.renameDevice({ deviceId: dev.id, name: 'renamed-by-modular', auth });
    expect(res.statusCode).toBe(200);
    expect(last('PUT', `/v1/devices/${dev.id}`)?.body).toEqual({ name: 'renamed-by-modular' });
    expect(sb.state.particle.devices.get(dev.id)?.name).toBe('renamed-by-modular');
  });

  it('rejects like the full class: ParticleApiError with the server body kept', async () => {
    const err = await particle.login({ username: sb.particle.username, password: 'wrong' }).catch((e) => e);
    expect(err).toBeInstanceOf(ParticleApiError);
    expect(err.statusCode).toBeGreaterThanOrEqual(400);
    expect(err.body).toBeTypeOf('object');
  });
});

describe('particleWith', () => {
  it('gives a class with only the composed methods, on top of the shared plumbing', () => {
    const p = new Particle({ auth: 'tok' });
    expect(p).toBeInstanceOf(ParticleBase);
    expect(p._activeAuth()).toBe('tok');
    expect(typeof p.request).toBe('function');
    expect('getDevice' in p).toBe(false);
    expect(new FullParticle()).toBeInstanceOf(ParticleBase);
    // Composing every group gives the same method set as the full class.
    const Devices = particleWith({ ...deviceMethods });
    for (const name of Object.keys(deviceMethods)) {
      expect(Devices.prototype[name as keyof typeof deviceMethods]).toBe(
        FullParticle.prototype[name as keyof FullParticle],
      );
    }
  });

  it('each call makes a separate class', () => {
    const A = particleWith({ login });
    const B = particleWith({ listDevices });
    expect(A).not.toBe(B);
    expect('listDevices' in A.prototype).toBe(false);
  });

  it('names what is wrong with bad input', () => {
    const loose = particleWith as (m: unknown) => unknown;
    expect(() => loose(null)).toThrow(/expected an object of methods.*got null/);
    expect(() => loose([login])).toThrow(/got an array/);
    expect(() => loose({ login, listDevicez: undefined })).toThrow(
      new TypeError(
        'particleWith: "listDevicez" is undefined, not a function (import it from @skyport/particle/modular)',
      ),
    );
    expect(() => loose({ request: login })).toThrow(/"request" would replace the client's own request/);
    expect(() => loose({ httpClient: login })).toThrow(/"httpClient" would replace/);
    const withOptions = particleWith as (m: unknown, o: unknown) => unknown;
    expect(() => withOptions({ login }, { multipart: 'yes' })).toThrow(
      /options\.multipart is string, not the multipart encoder/,
    );
  });
});

describe('the built entries', () => {
  it('ESM: @skyport/particle and @skyport/particle/modular share one ParticleBase and one set of errors', async () => {
    const full = await import('@skyport/particle');
    const modular = await import('@skyport/particle/modular');
    expect(Object.getPrototypeOf(full.Particle)).toBe(modular.ParticleBase);
    expect(full.ParticleApiError).toBe(modular.ParticleApiError);
    expect(full.Particle.prototype.listDevices).toBe(modular.listDevices);
  });

  it('CJS: require(@skyport/particle/modular) gives the named exports; the main entry is still the class', async () => {
    const { createRequire } = await import('node:module');
    const require = createRequire(import.meta.url);
    const P = require('@skyport/particle');
    const m = require('@skyport/particle/modular');
    expect(typeof P).toBe('function');
    expect(typeof P.prototype.login).toBe('function');
    expect(typeof m.particleWith).toBe('function');
    const C = m.particleWith({ login: m.login });
    expect(new C()).toBeInstanceOf(m.ParticleBase);
    expect(typeof new C().login).toBe('function');
    // A separate bundle, yet its errors still match the main entry's classes (core matches errors by kind).
    const err = new m.ParticleApiError({
      status: 404,
      statusText: 'Not Found',
      headers: {},
      text: '{}',
      body: {},
      method: 'get',
      url: 'http://127.0.0.1/v1/devices/x',
    });
    expect(err).toBeInstanceOf(P.ParticleApiError);
    expect(err.statusCode).toBe(404);
  });
});
