// particle-api-js itself against the newer parts of the Particle side (products, SIMs, libraries, env vars,
// ledgers, logic): its requests must be understood and its answers have the shapes its users read.
import { gzipSync } from 'node:zlib';
import { createTarGzip } from 'nanotar';
import Particle from 'particle-api-js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.js';

// Generous limits: the machine is shared, and these tests wait on real sockets and timers.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let sb: Sandbox;
let particle: Particle;
let auth: string;
const PRODUCT = 4242;
const device = (name: string) => [...sb.state.particle.devices.values()].find((d) => d.name === name)!;

beforeAll(async () => {
  sb = await startSandbox({ particle: { publishIntervalMs: 0 } });
  particle = new Particle({ baseUrl: sb.particle.apiUrl });
  auth = (await particle.login({ username: sb.particle.username, password: sb.particle.password })).body
    .access_token;
});
afterAll(() => sb.close());

describe('particle-api-js against the sandbox', () => {
  it('uploads, releases and downloads product firmware; adds devices from a file', async () => {
    const bin = Buffer.from('SKYPORT-SANDBOX-FW\u000012\u0000official');
    const up = await particle.uploadProductFirmware({
      product: PRODUCT,
      version: 5,
      title: 'Five',
      file: bin,
      auth,
    });
    expect(up.body).toMatchObject({ version: 5, title: 'Five', size: bin.length });
    await particle.releaseProductFirmware({ product: PRODUCT, version: 5, product_default: true, auth });
    expect(device('fleet-01').firmwareVersion).toBe(5);
    const down = await particle.downloadProductFirmware({ product: PRODUCT, version: 5, auth });
    expect(Buffer.from(down as Buffer).equals(bin)).toBe(true);
    const add = await particle.addDeviceToProduct({
      product: PRODUCT,
      file: Buffer.from('aaaaaaaaaaaaaaaaaaaaaaaa\n'),
      auth,
    });
    expect((add.body as unknown as { updatedDeviceIds: string[] }).updatedDeviceIds).toEqual([
      'aaaaaaaaaaaaaaaaaaaaaaaa',
    ]);
  });

  it('reads locations, configuration and SIMs', async () => {
    const loc = await particle.getProductLocations({ product: PRODUCT, groups: ['west'], auth });
    expect(loc.body.locations.map((l) => l.device_name)).toEqual(['fleet-02']);
    const cfg = await particle.setProductConfiguration({
      product: PRODUCT,
      config: { sleep: { exe_min: 20 } },
      auth,
    });
    expect(cfg.body.configuration).toMatchObject({ sleep: { exe_min: 20 } });
    const sims = await particle.listSIMs({ product: PRODUCT, auth });
    expect((sims.body as unknown as { sims: unknown[] }).sims).toHaveLength(2);
    const check = await particle.checkSIM({ iccid: '89340765000025891740', auth });
    expect(check.statusCode).toBe(204);
  });

  it('contributes and publishes a library', async () => {
    const archive = Buffer.from(
      await createTarGzip([
        { name: 'library.properties', data: 'name=OfficialLib\nversion=1.0.0\nauthor=Me\n' },
        { name: 'src/OfficialLib.h', data: '#pragma once\n' },
      ]),
    );
    const made = await particle.contributeLibrary({ archive, auth });
    expect(made.body.data.attributes).toMatchObject({ name: 'OfficialLib', visibility: 'private' });
    const pub = await particle.publishLibrary({ name: 'OfficialLib', auth });
    expect(pub.body.data.attributes.visibility).toBe('public');
    const refused = await particle
      .contributeLibrary({ archive: gzipSync(Buffer.from('not a tar')), auth })
      .catch((e: { statusCode: number; body: unknown }) => e);
    expect(refused).toMatchObject({ statusCode: 400 });
  });

  it('sets env vars, ledgers and runs logic', async () => {
    const env = await particle.updateEnvVars({
      sandbox: true,
      ops: [{ op: 'Set', key: 'A', value: '1' }],
      auth,
    });
    expect(env.body.latest.own).toEqual({ A: { value: '1' } });
    await particle.createLedger({
      ledger: { name: 'official', scope: 'Owner', direction: 'Downstream' },
      auth,
    });
    const user = [...sb.state.particle.users.values()][0]!;
    const inst = await particle.setLedgerInstance({
      ledgerName: 'official',
      scopeValue: user.id,
      instance: { data: { x: 1 } },
      auth,
    });
    expect(inst.body.data).toEqual({ x: 1 });
    const run = await particle.executeLogic({
      logic: { source: { type: 'JavaScript', code: 'export default () => console.log(1 + 1)' } },
      auth,
    });
    expect(run.body.result).toMatchObject({
      status: 'Success',
      logs: [expect.objectContaining({ args: [2] })],
    });
  });
});
