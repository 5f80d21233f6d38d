import * as OTPAuth from 'otpauth';
import Particle from 'particle-api-js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.js';
import { readEvents } from './particle-helpers.js';

let sb: Sandbox;
let base: string;
let username: string;
let password: string;

beforeAll(async () => {
  sb = await startSandbox({ seed: 11 });
  if (!sb.particle) throw new Error('sandbox started without the Particle side');
  base = sb.particle.apiUrl;
  username = sb.particle.username;
  password = sb.particle.password;
});
afterAll(() => sb.close());
beforeEach(() => sb.reset());

const form = (o: Record<string, string>) => new URLSearchParams(o).toString();

async function login(extra: Record<string, string> = {}): Promise<string> {
  const res = await fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form({
      grant_type: 'password',
      username,
      password,
      client_id: 'particle-api',
      client_secret: 'particle-api',
      ...extra,
    }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

const api = (path: string, token: string, init: RequestInit = {}) =>
  fetch(`${base}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${token}`,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(init.headers ?? {}),
    },
  });

describe('oauth over plain HTTP', () => {
  it('password grant with client fields returns a bearer token, expiry and refresh token', async () => {
    const res = await fetch(`${base}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form({
        grant_type: 'password',
        username,
        password,
        client_id: 'particle-api',
        client_secret: 'particle-api',
        expires_in: '3600',
      }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({
      token_type: 'bearer',
      access_token: expect.stringMatching(/^[0-9a-f]{40}$/),
      expires_in: 3600,
      refresh_token: expect.any(String),
    });
    const refreshed = await fetch(`${base}/oauth/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from('particle-api:particle-api').toString('base64')}`,
      },
      body: form({ grant_type: 'refresh_token', refresh_token: body.refresh_token as string }),
    });
    expect(refreshed.status).toBe(200);
    const next = (await refreshed.json()) as { access_token: string };
    expect(next.access_token).not.toBe(body.access_token);
    expect((await api('/v1/user', body.access_token as string)).status).toBe(401);
    expect((await api('/v1/user', next.access_token)).status).toBe(200);
  });

  it('accepts HTTP Basic client auth and rejects a wrong client or password', async () => {
    const basic = (id: string, secret: string) =>
      `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
    const ok = await fetch(`${base}/oauth/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: basic('particle-api', 'particle-api'),
      },
      body: form({ grant_type: 'password', username, password }),
    });
    expect(ok.status).toBe(200);
    const badClient = await fetch(`${base}/oauth/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: basic('particle-api', 'nope'),
      },
      body: form({ grant_type: 'password', username, password }),
    });
    expect(badClient.status).toBe(401);
    expect(await badClient.json()).toEqual({
      error: 'invalid_client',
      error_description: expect.any(String),
    });
    const badPassword = await fetch(`${base}/oauth/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: basic('particle-api', 'particle-api'),
      },
      body: form({ grant_type: 'password', username, password: 'wrong-password' }),
    });
    expect(badPassword.status).toBe(400);
    expect(((await badPassword.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('answers 401 invalid_token for a missing or unknown token and accepts ?access_token=', async () => {
    const none = await fetch(`${base}/v1/devices`);
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({
      error: 'invalid_token',
      error_description: 'The access token provided is invalid.',
    });
    expect((await api('/v1/devices', 'f'.repeat(40))).status).toBe(401);
    const token = await login();
    const viaQuery = await fetch(`${base}/v1/devices?access_token=${token}`);
    expect(viaQuery.status).toBe(200);
  });

  it('lists, deletes one, deletes current and deletes all access tokens', async () => {
    const a = await login();
    const b = await login();
    const c = await login();
    const list = (await (await api('/v1/access_tokens', a)).json()) as { token: string; client: string }[];
    expect(list.map((t) => t.token).sort()).toEqual([a, b, c].sort());
    expect(list[0]?.client).toBe('particle-api');
    expect((await fetch(`${base}/v1/access_tokens/${b}`, { method: 'DELETE' })).status).toBe(200);
    expect((await api('/v1/user', b)).status).toBe(401);
    expect((await api('/v1/access_tokens/current', c, { method: 'DELETE' })).status).toBe(200);
    expect((await api('/v1/user', c)).status).toBe(401);
    expect((await api('/v1/user', a)).status).toBe(200);
    await login();
    expect((await api('/v1/access_tokens', a, { method: 'DELETE' })).status).toBe(200);
    expect((await api('/v1/user', a)).status).toBe(401);
  });
});

describe('devices over plain HTTP', () => {
  it('renames, sets notes, rejects a bad name with a message naming it, and looks up a serial number', async () => {
    const token = await login();
    const devices = (await (await api('/v1/devices', token)).json()) as {
      id: string;
      name: string;
      serial_number: string;
      online: boolean;
    }[];
    expect(devices.map((d) => d.name)).toEqual(['kettle', 'garage', 'fleet-01', 'fleet-02']);
    const kettle = devices[0] as (typeof devices)[number];
    expect(kettle.online).toBe(true);
    const put = await api(`/v1/devices/${kettle.id}`, token, {
      method: 'PUT',
      body: JSON.stringify({ name: 'teapot', notes: 'kitchen' }),
    });
    expect(await put.json()).toMatchObject({ id: kettle.id, name: 'teapot', notes: 'kitchen' });
    const got = (await (await api('/v1/devices/teapot', token)).json()) as Record<string, unknown>;
    expect(got).toMatchObject({
      id: kettle.id,
      name: 'teapot',
      notes: 'kitchen',
      functions: ['led', 'brew'],
      variables: { temp: 'double', uptime: 'int32' },
    });
    const bad = await api(`/v1/devices/${kettle.id}`, token, {
      method: 'PUT',
      body: JSON.stringify({ name: 'no spaces allowed' }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/name/);
    const serial = await api(`/v1/serial_numbers/${kettle.serial_number}`, token);
    expect(await serial.json()).toEqual({
      ok: true,
      serial_number: kettle.serial_number,
      device_id: kettle.id,
      platform_id: 32,
    });
    const unknown = await api('/v1/devices/nope', token);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ ok: false, error: 'Permission Denied' });
  });

  it('pages and filters product devices and locks/unlocks product firmware', async () => {
    const token = await login();
    const page1 = (await (
      await api('/v1/products/4242/devices?per_page=1&page=1&sortAttr=deviceName', token)
    ).json()) as {
      devices: { name: string; id: string }[];
      meta: { total_pages: number };
    };
    expect(page1.meta.total_pages).toBe(2);
    expect(page1.devices.map((d) => d.name)).toEqual(['fleet-01']);
    const page2 = (await (
      await api('/v1/products/sandbox-fleet-4242/devices?per_page=1&page=2&sortAttr=deviceName', token)
    ).json()) as {
      devices: { name: string }[];
    };
    expect(page2.devices.map((d) => d.name)).toEqual(['fleet-02']);
    const badPage = await api('/v1/products/4242/devices?per_page=1000', token);
    expect(badPage.status).toBe(400);
    const id = page1.devices[0]?.id as string;
    const lock = await api(`/v1/products/4242/devices/${id}`, token, {
      method: 'PUT',
      body: JSON.stringify({ desired_firmware_version: 3, flash: true, development: true }),
    });
    expect(lock.status).toBe(200);
    const locked = (await (await api(`/v1/products/4242/devices/${id}`, token)).json()) as Record<
      string,
      unknown
    >;
    expect(locked).toMatchObject({ firmware_version: 3, development: true, firmware_updates_enabled: false });
    await api(`/v1/products/4242/devices/${id}`, token, {
      method: 'PUT',
      body: JSON.stringify({ desired_firmware_version: null }),
    });
    expect(
      ((await (await api(`/v1/products/4242/devices/${id}`, token)).json()) as Record<string, unknown>)
        .firmware_updates_enabled,
    ).toBe(true);
  });

  it('removes and re-claims a device', async () => {
    const token = await login();
    expect((await api('/v1/devices/garage', token, { method: 'DELETE' })).status).toBe(200);
    const after = (await (await api('/v1/devices', token)).json()) as { name: string; id: string }[];
    expect(after.map((d) => d.name)).not.toContain('garage');
    const garage = [...sb.state.particle.devices.values()].find((d) => d.name === 'garage');
    expect(garage?.ownerId).toBeNull();
    const claim = await api('/v1/devices', token, {
      method: 'POST',
      body: JSON.stringify({ id: garage?.id, request_transfer: false }),
    });
    expect(await claim.json()).toMatchObject({ ok: true, id: garage?.id });
    const back = (await (await api('/v1/devices', token)).json()) as { name: string }[];
    expect(back.map((d) => d.name)).toContain('garage');
  });
});

describe('particle-api-js against the sandbox', () => {
  it('logs in, lists devices, calls functions, reads variables; an offline device times out like the cloud', async () => {
    const particle = new Particle({ baseUrl: base });
    const { body: auth } = await particle.login({ username, password });
    const token = auth.access_token as string;
    const { body: devices } = await particle.listDevices({ auth: token });
    expect((devices as { name: string }[]).map((d) => d.name)).toContain('kettle');
    const on = await particle.callFunction({ deviceId: 'kettle', name: 'led', argument: 'on', auth: token });
    expect(on.statusCode).toBe(200);
    expect(on.body).toMatchObject({ name: 'kettle', connected: true, return_value: 1 });
    const brew = await particle.callFunction({
      deviceId: 'kettle',
      name: 'brew',
      argument: 'coffee',
      auth: token,
    });
    expect(brew.body.return_value).toBe(6);
    const temp = await particle.getVariable({ deviceId: 'kettle', name: 'temp', auth: token });
    expect(temp.body).toMatchObject({
      name: 'temp',
      result: 21.5,
      coreInfo: { name: 'kettle', connected: true },
    });
    const err = await particle
      .callFunction({ deviceId: 'garage', name: 'led', argument: 'on', auth: token })
      .then(
        () => undefined,
        (e: { statusCode: number; body: unknown }) => e,
      );
    expect(err?.statusCode).toBe(408);
    expect(err?.body).toMatchObject({ ok: false, error: 'Timed out.' });
  });

  it('publishEvent is received through getEventStream', async () => {
    const particle = new Particle({ baseUrl: base });
    const token = (await particle.login({ username, password })).body.access_token as string;
    const stream = await particle.getEventStream({ deviceId: 'mine', name: 'door', auth: token });
    try {
      const received = new Promise<Record<string, unknown>>((resolve) => stream.on('event', resolve));
      await new Promise((r) => setTimeout(r, 50));
      await particle.publishEvent({ name: 'door/open', data: 'front', isPrivate: true, auth: token });
      const event = await received;
      expect(event).toMatchObject({
        name: 'door/open',
        data: 'front',
        ttl: 60,
        coreid: 'api',
        published_at: expect.any(String),
      });
    } finally {
      stream.abort();
    }
  });

  it('MFA: enable and confirm with a real TOTP, login asks for mfa, sendOtp completes it', async () => {
    const particle = new Particle({ baseUrl: base });
    const token = (await particle.login({ username, password })).body.access_token as string;
    const { body: enroll } = await particle.enableMfa({ auth: token });
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(enroll.secret as string) });
    const wrong = await particle
      .confirmMfa({ mfaToken: enroll.mfa_token, otp: '000000', auth: token })
      .catch((e: { statusCode: number }) => e);
    expect((wrong as { statusCode: number }).statusCode).toBe(400);
    const confirmed = await particle.confirmMfa({
      mfaToken: enroll.mfa_token,
      otp: totp.generate(),
      auth: token,
    });
    expect(confirmed.body.enrolled).toBe(true);
    expect(confirmed.body.tokens).toHaveLength(10);
    expect(enroll.qr_url).toMatch(/^otpauth:\/\/totp\//);
    const challenge = await particle
      .login({ username, password })
      .catch((e: { statusCode: number; body: Record<string, unknown> }) => e);
    expect((challenge as { statusCode: number }).statusCode).toBe(403);
    const body = (challenge as unknown as { body: { error: string; mfa_token: string } }).body;
    expect(body.error).toBe('mfa_required');
    const done = await particle.sendOtp({ mfaToken: body.mfa_token, otp: totp.generate() });
    expect(done.body.access_token).toMatch(/^[0-9a-f]{40}$/);
  });
});

describe('event streams', () => {
  it('starts with :ok, frames events with id/event/data and resumes with Last-Event-ID after an injected drop', async () => {
    const token = await login();
    sb.faults.add({ kind: 'stream-drop', route: 'GET /v1/devices/events*', count: 1, afterEvents: 2 });
    const publish = async (i: number) => {
      const res = await api('/v1/devices/events', token, {
        method: 'POST',
        body: JSON.stringify({ name: 'seq', data: String(i) }),
      });
      expect(await res.json()).toEqual({ ok: true });
    };
    const first = await readEvents(`${base}/v1/devices/events/seq`, token, {
      count: 5,
      onOpen: async () => {
        for (let i = 0; i < 5; i++) await publish(i);
      },
    });
    expect(first.comments[0]).toBe('ok');
    expect(first.closedByServer).toBe(true);
    expect(first.events.map((e) => JSON.parse(e.data).data)).toEqual(['0', '1']);
    expect(first.events[0]?.event).toBe('seq');
    expect(JSON.parse(first.events[0]?.data as string)).toEqual({
      data: '0',
      ttl: 60,
      published_at: expect.any(String),
      coreid: 'api',
    });
    const second = await readEvents(`${base}/v1/devices/events/seq`, token, {
      count: 3,
      lastEventId: first.events[1]?.id,
    });
    const all = [...first.events, ...second.events];
    expect(all.map((e) => JSON.parse(e.data).data)).toEqual(['0', '1', '2', '3', '4']);
    expect(new Set(all.map((e) => e.id)).size).toBe(5);
  });

  it('simulated online devices publish deterministic temp events; a device stream shows only that device', async () => {
    const fast = await startSandbox({ seed: 11, particle: { publishIntervalMs: 40 } });
    try {
      const base2 = fast.particle.apiUrl;
      const res = await fetch(`${base2}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form({
          grant_type: 'password',
          username,
          password,
          client_id: 'particle-api',
          client_secret: 'particle-api',
        }),
      });
      const token = ((await res.json()) as { access_token: string }).access_token;
      const kettle = [...fast.state.particle.devices.values()].find((d) => d.name === 'kettle');
      const got = await readEvents(`${base2}/v1/devices/${kettle?.id}/events`, token, {
        count: 3,
        onOpen: async () => {
          await fetch(`${base2}/v1/devices/events`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ name: 'temp', data: 'from-api' }),
          });
        },
      });
      expect(got.events).toHaveLength(3);
      for (const e of got.events) {
        expect(e.event).toBe('temp');
        const data = JSON.parse(e.data) as { data: string; coreid: string };
        expect(data.coreid).toBe(kettle?.id);
        expect(data.data).toMatch(/^\d\d\.\d$/);
      }
      const ids = got.events.map((e) => Number(e.id));
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
    } finally {
      await fast.close();
    }
  });
});
