import Particle from 'particle-api-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.js';

let sb: Sandbox;
let particle: InstanceType<typeof Particle>;
let token: string;

beforeAll(async () => {
  sb = await startSandbox({ seed: 3, particle: { flashDelayMs: 50 } });
  particle = new Particle({ baseUrl: sb.particle.apiUrl });
  token = (await particle.login({ username: sb.particle.username, password: sb.particle.password })).body
    .access_token;
});
afterAll(() => sb.close());

describe('compile and flash', () => {
  it('compiles sources to a binary id, downloads it, flashes it and reports progress on the device stream', async () => {
    const source = Buffer.from('void setup() {}\nvoid loop() {}\n');
    const compiled = await particle.compileCode({
      files: { 'app.ino': source },
      platformId: 32,
      auth: token,
    });
    expect(compiled.statusCode).toBe(200);
    expect(compiled.body).toMatchObject({ ok: true, binary_id: expect.stringMatching(/^[0-9a-f]{24}$/) });
    const again = await particle.compileCode({ files: { 'app.ino': source }, platformId: 32, auth: token });
    expect(again.body.binary_id).toBe(compiled.body.binary_id);

    const bin = (await particle.downloadFirmwareBinary({
      binaryId: compiled.body.binary_id,
      auth: token,
    })) as unknown as Buffer;
    expect(Buffer.isBuffer(bin)).toBe(true);
    expect(bin.subarray(0, 18).toString()).toBe('SKYPORT-SANDBOX-FW');

    const before = (await particle.getDevice({ deviceId: 'kettle', auth: token })).body;
    const stream = await particle.getEventStream({
      deviceId: before.id,
      name: 'spark/flash/status',
      auth: token,
    });
    try {
      const seen: string[] = [];
      const done = new Promise<void>((resolve) =>
        stream.on('event', (e: { data: string }) => {
          seen.push(e.data);
          if (e.data.startsWith('success')) resolve();
        }),
      );
      await new Promise((r) => setTimeout(r, 50));
      const flashed = await particle.flashDevice({
        deviceId: 'kettle',
        files: { 'firmware.bin': bin },
        auth: token,
      });
      expect(flashed.body).toEqual({ id: before.id, status: 'Update started' });
      await done;
      expect(seen).toEqual(['started ', 'success ']);
    } finally {
      stream.abort();
    }
    const after = (await particle.getDevice({ deviceId: 'kettle', auth: token })).body;
    expect(after.last_app).toMatch(/^firmware-[0-9a-f]{12}$/);
    expect(after.last_app).not.toBe(before.last_app);
  });

  it('reports compile errors with the file and line, and refuses to flash an offline device', async () => {
    const err = await particle
      .compileCode({
        files: { 'app.ino': Buffer.from('void setup() {}\n#error broken on purpose\n') },
        platformId: 32,
        auth: token,
      })
      .catch((e: { statusCode: number; body: { errors: string[] } }) => e);
    expect((err as { statusCode: number }).statusCode).toBe(400);
    expect((err as { body: { errors: string[] } }).body.errors[0]).toMatch(/^app\.ino:2:/);
    const offline = await particle
      .flashDevice({
        deviceId: 'garage',
        files: { 'app.ino': Buffer.from('void setup() {}\n') },
        auth: token,
      })
      .catch((e: { statusCode: number; body: unknown }) => e);
    expect((offline as { statusCode: number }).statusCode).toBe(400);
    expect((offline as { body: unknown }).body).toMatchObject({ ok: false, error: 'Device is offline' });
  });

  it('rejects a non-multipart compile request and an unknown binary', async () => {
    const json = await fetch(`${sb.particle.apiUrl}/v1/binaries`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(json.status).toBe(400);
    const missing = await fetch(`${sb.particle.apiUrl}/v1/binaries/ffffffffffffffffffffffff`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(missing.status).toBe(404);
  });

  it('flashes a compiled binary by its id (build_id) and checks its platform', async () => {
    const kettle = [...sb.state.particle.devices.values()].find((d) => d.name === 'kettle')!;
    const compile = async (platform: number) =>
      (
        await particle.compileCode({
          files: { 'a.ino': Buffer.from(`// for ${platform}\nvoid setup() {}\n`) },
          platformId: platform,
          auth: token,
        })
      ).body.binary_id;
    const put = (json: unknown) =>
      fetch(`${sb.particle.apiUrl}/v1/devices/${kettle.id}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(json),
      }).then(async (r) => ({ status: r.status, body: await r.json() }));
    const before = kettle.lastApp;
    expect(await put({ build_id: await compile(32) })).toEqual({
      status: 200,
      body: { id: kettle.id, status: 'Update started' },
    });
    const end = Date.now() + 10_000;
    while (kettle.lastApp === before && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    expect(kettle.lastApp).not.toBe(before);
    expect((await put({ build_id: await compile(12) })).body.error).toBe('Platform mismatch');
    expect((await put({ build_id: 'nope' })).status).toBe(404);
  });
});
