import Particle from 'particle-api-js';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.js';
import { particleHttp, seededToken } from './particle-helpers.js';

// Generous limits: the machine is shared, and these tests wait on real sockets and timers.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let sb: Sandbox;
let token: string;
let call: ReturnType<typeof particleHttp>;
const PRODUCT = 4242;
const device = (name: string) => [...sb.state.particle.devices.values()].find((d) => d.name === name)!;

beforeAll(async () => {
  sb = await startSandbox({ particle: { publishIntervalMs: 0 } });
  call = particleHttp(sb.url);
});
beforeEach(async () => {
  sb.reset();
  token = await seededToken(sb.url, sb.particle.username, sb.particle.password);
});
afterAll(() => sb.close());

describe('products', () => {
  it('only team members see a product; others get 404 in the Particle error shape', async () => {
    await call('POST', '/v1/users', { json: { username: 'outsider@example.com', password: 'outsider-pw' } });
    const other = await seededToken(sb.url, 'outsider@example.com', 'outsider-pw');
    expect((await call('GET', '/v1/products', { token: other })).body).toEqual({ products: [] });
    for (const path of [
      `/v1/products/${PRODUCT}`,
      `/v1/products/${PRODUCT}/firmware`,
      `/v1/products/${PRODUCT}/devices`,
    ]) {
      const r = await call('GET', path, { token: other });
      expect(r.status, path).toBe(404);
      expect(r.body).toMatchObject({ ok: false, error: 'Product not found' });
    }
    // Invited, the user is on the team and sees it.
    await call('POST', `/v1/products/${PRODUCT}/team`, { token, json: { username: 'outsider@example.com' } });
    expect((await call('GET', `/v1/products/${PRODUCT}`, { token: other })).status).toBe(200);
  });

  it('works with particle-api-js: listProducts, getProduct, firmware list and team', async () => {
    const particle = new Particle({ baseUrl: sb.particle.apiUrl });
    const products = await particle.listProducts({ auth: token });
    expect(products.body.products[0]).toMatchObject({
      id: PRODUCT,
      slug: 'sandbox-fleet-4242',
      groups: ['east', 'west'],
    });
    const fw = await particle.listProductFirmware({ product: PRODUCT, auth: token });
    expect(fw.body).toEqual([
      expect.objectContaining({ version: 1, product_default: true, device_count: 2 }),
    ]);
    const team = await particle.listTeamMembers({ product: PRODUCT, auth: token });
    expect((team.body as unknown as { team: { username: string }[] }).team[0]?.username).toBe(
      sb.particle.username,
    );
  });

  it('validates firmware uploads: version, duplicates, title, platform of the binary', async () => {
    const upload = (fields: Record<string, string>, bin: Buffer) => {
      const fd = new FormData();
      for (const [k, v] of Object.entries(fields)) fd.append(k, v);
      fd.append('binary', new Blob([new Uint8Array(bin)]), 'fw.bin');
      return fetch(`${sb.url}/v1/products/${PRODUCT}/firmware`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: fd,
      }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as { error: string; info?: string },
      }));
    };
    const bin = Buffer.from('plain binary');
    expect((await upload({ version: 'x', title: 't' }, bin)).body.error).toMatch(
      /version must be an integer/,
    );
    expect((await upload({ version: '1', title: 't' }, bin)).body.error).toBe('version 1 already exists');
    expect((await upload({ version: '3' }, bin)).body.error).toBe('title is required');
    const wrong = await upload(
      { version: '3', title: 't' },
      Buffer.from('SKYPORT-SANDBOX-FW\u000032\u0000xx'),
    );
    expect(wrong).toEqual({
      status: 400,
      body: {
        ok: false,
        error: 'Platform mismatch',
        info: 'the binary is built for platform 32, the product is platform 12',
      },
    });
    const ok = await upload({ version: '3', title: 'Three' }, bin);
    expect(ok.status).toBe(201);
    expect(sb.state.particle.products.get(PRODUCT)?.firmware.get(3)?.data.equals(bin)).toBe(true);
  });

  it('releases firmware to groups: only online devices of the group move', async () => {
    const p = sb.state.particle.products.get(PRODUCT)!;
    p.firmware.set(2, { ...p.firmware.get(1)!, version: 2, productDefault: false });
    device('fleet-02').online = true;
    const r = await call('PUT', `/v1/products/${PRODUCT}/firmware/release`, {
      token,
      json: { version: 2, groups: ['west'] },
    });
    expect(r.body).toMatchObject({ ok: true, version: 2, groups: ['west'], product_default: false });
    expect(device('fleet-02').firmwareVersion).toBe(2);
    expect(device('fleet-01').firmwareVersion).toBe(1);
    const none = await call('PUT', `/v1/products/${PRODUCT}/firmware/release`, {
      token,
      json: { version: 2 },
    });
    expect(none.body.error).toMatch(/product_default: true\) or to groups/);
    const missing = await call('PUT', `/v1/products/${PRODUCT}/firmware/release`, {
      token,
      json: { version: 9, product_default: true },
    });
    expect(missing.status).toBe(404);
  });

  it('validates configuration against its JSON schema, naming the field', async () => {
    const bad = await call('PUT', `/v1/products/${PRODUCT}/config`, {
      token,
      json: { sleep: { mode: 'sometimes' } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ ok: false, error: 'Invalid configuration' });
    expect(bad.body.info).toMatch(/^\/sleep\/mode: /);
    const unknown = await call('PUT', `/v1/products/${PRODUCT}/config`, { token, json: { wifi: {} } });
    expect(unknown.body.info).toMatch(/additional properties/);
    const schema = await call('GET', `/v1/products/${PRODUCT}/config`, {
      token,
      headers: { accept: 'application/schema+json' },
    });
    expect(schema.headers.get('content-type')).toContain('application/schema+json');
    expect(schema.body.properties.sleep.properties.mode.enum).toEqual(['enable', 'disable']);
  });

  it('filters locations by date range and rejects malformed ranges', async () => {
    const now = Date.now();
    const recent = `${new Date(now - 3_000_000).toISOString()},${new Date(now).toISOString()}`;
    const r = await call(
      'GET',
      `/v1/products/${PRODUCT}/locations?date_range=${encodeURIComponent(recent)}`,
      { token },
    );
    expect(r.body.locations.map((l: { device_name: string }) => l.device_name).sort()).toEqual([
      'fleet-01',
      'fleet-02',
    ]);
    const old = `${new Date(now - 10 * 86_400_000).toISOString()},${new Date(now - 9 * 86_400_000).toISOString()}`;
    const none = await call(
      'GET',
      `/v1/products/${PRODUCT}/locations?date_range=${encodeURIComponent(old)}`,
      { token },
    );
    expect(none.body).toMatchObject({ locations: [], meta: { devices_found: 0 } });
    const bad = await call('GET', `/v1/products/${PRODUCT}/locations?date_range=yesterday`, { token });
    expect(bad.body).toEqual({ ok: false, error: 'date_range must be two ISO 8601 dates "start,end"' });
    const half = await call('GET', `/v1/products/${PRODUCT}/locations?rect_bl=1,2`, { token });
    expect(half.body.error).toBe('give both rect_bl and rect_tr');
  });

  it('customers: created with the product client only, listed and deleted', async () => {
    const form = (fields: Record<string, string>) =>
      fetch(`${sb.url}/v1/products/${PRODUCT}/customers`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, string> }));
    const refused = await form({
      email: 'c@example.com',
      password: 'customer-pw',
      client_id: 'particle-api',
      client_secret: 'particle-api',
    });
    expect(refused.status).toBe(401);
    expect(refused.body.error_description).toMatch(/not a client of this product/);
    const client = (
      await call('POST', `/v1/products/${PRODUCT}/clients`, {
        token,
        json: { name: 'app', type: 'installed' },
      })
    ).body.client;
    const made = await form({
      email: 'c@example.com',
      password: 'customer-pw',
      client_id: client.id,
      client_secret: client.secret,
    });
    expect(made.body.access_token).toMatch(/^[0-9a-f]{40}$/);
    const again = await form({
      email: 'c@example.com',
      password: 'customer-pw',
      client_id: client.id,
      client_secret: client.secret,
    });
    expect(again.body).toEqual({ ok: false, error: 'Customer already exists' });
    // A customer is not on the team.
    expect((await call('GET', `/v1/products/${PRODUCT}`, { token: made.body.access_token })).status).toBe(
      404,
    );
    const list = await call('GET', `/v1/products/${PRODUCT}/customers`, { token });
    expect(list.body.customers.map((c: { username: string }) => c.username)).toEqual(['c@example.com']);
    expect((await call('DELETE', `/v1/products/${PRODUCT}/customers/c@example.com`, { token })).body).toEqual(
      { ok: true },
    );
    expect((await call('GET', '/v1/user', { token: made.body.access_token })).status).toBe(401);
  });

  it('an invitation sent before the account existed takes effect when it signs up', async () => {
    await call('POST', `/v1/products/${PRODUCT}/team`, { token, json: { username: 'later@example.com' } });
    await call('POST', '/v1/users', { json: { username: 'later@example.com', password: 'later-password' } });
    const later = await seededToken(sb.url, 'later@example.com', 'later-password');
    const products = await call('GET', '/v1/products', { token: later });
    expect(products.body.products.map((p: { id: number }) => p.id)).toEqual([PRODUCT]);
  });

  it('reset restores products, firmware and team', async () => {
    await call('POST', `/v1/products/${PRODUCT}/team`, { token, json: { username: 'x@example.com' } });
    sb.reset();
    expect(sb.state.particle.products.get(PRODUCT)?.team.map((m) => m.username)).toEqual([
      sb.particle.username,
    ]);
  });
});
