import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import Particle from 'particle-api-js';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.js';
import { particleHttp, readEvents, seededToken } from './particle-helpers.js';

// Generous limits: the machine is shared, and these tests wait on real sockets and timers.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

interface Hit {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}
let sb: Sandbox;
let token: string;
let call: ReturnType<typeof particleHttp>;
let target: { url: string; hits: Hit[]; status: number; close(): void };

beforeAll(async () => {
  sb = await startSandbox({ particle: { publishIntervalMs: 0 } });
  call = particleHttp(sb.url);
  const hits: Hit[] = [];
  const state = { status: 200 };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      hits.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      res.writeHead(state.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ temp: 21, note: 'x'.repeat(600) }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  target = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    get status() {
      return state.status;
    },
    set status(s: number) {
      state.status = s;
    },
    close: () => server.close(),
  };
});
beforeEach(async () => {
  sb.reset();
  target.hits.length = 0;
  target.status = 200;
  token = await seededToken(sb.url, sb.particle.username, sb.particle.password);
});
afterAll(async () => {
  target.close();
  await sb.close();
});

const until = async (check: () => boolean) => {
  const end = Date.now() + 10_000;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
};

describe('webhooks and integrations', () => {
  it('rejects bad definitions with Particle errors', async () => {
    const bad = [
      [{ url: target.url }, 'event is required'],
      [{ event: 'e' }, 'url is required'],
      [{ event: 'e', url: 'ftp://x' }, 'url must be an http or https URL'],
      [
        { event: 'e', url: target.url, requestType: 'TRACE' },
        'requestType must be one of GET, POST, PUT, DELETE, PATCH',
      ],
      [{ event: 'e', url: target.url, json: [1] }, 'json must be an object'],
      [{ event: 'e', url: target.url, auth: { username: 'u' } }, 'auth must be { username, password }'],
    ] as const;
    for (const [json, error] of bad) {
      const r = await call('POST', '/v1/webhooks', { token, json });
      expect(r, JSON.stringify(json)).toMatchObject({ status: 400, body: { ok: false, error } });
    }
    const type = await call('POST', '/v1/integrations', {
      token,
      json: { event: 'e', integration_type: 'Pigeon' },
    });
    expect(type.body.error).toMatch(/^integration_type must be one of/);
  });

  it('delivers form posts by default, with basic auth, templated query and headers', async () => {
    const particle = new Particle({ baseUrl: sb.particle.apiUrl });
    const hook = await particle.createWebhook({
      event: 'reading',
      url: `${target.url}/r/{{PARTICLE_DEVICE_ID}}`,
      hook: {
        method: 'POST',
        auth: { username: 'u', password: 'p' },
        headers: { 'X-Event': '{{PARTICLE_EVENT_NAME}}' },
        query: { level: '{{level}}' },
      },
      auth: token,
    });
    expect(hook.body).toMatchObject({ ok: true, hookUrl: `${sb.url}/v1/webhooks/${hook.body.id}` });
    await call('POST', '/v1/devices/events', { token, json: { name: 'reading/1', data: '{"level":"7"}' } });
    await until(() => target.hits.length > 0);
    const hit = target.hits[0] as Hit;
    expect(hit.url).toBe('/r/api?level=7');
    expect(hit.headers.authorization).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
    expect(hit.headers['x-event']).toBe('reading/1');
    expect(hit.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(hit.body))).toMatchObject({
      event: 'reading/1',
      data: '{"level":"7"}',
      coreid: 'api',
    });
    // Events of other names, and other users' events, are not delivered.
    await call('POST', '/v1/devices/events', { token, json: { name: 'other', data: '' } });
    await new Promise((r) => setTimeout(r, 100));
    expect(target.hits).toHaveLength(1);
  });

  it('splits long responses into 512-byte hook-response parts and reports failures as hook-error', async () => {
    await call('POST', '/v1/webhooks', {
      token,
      json: {
        event: 'big',
        url: target.url,
        requestType: 'GET',
        responseTopic: 'answer/{{PARTICLE_EVENT_NAME}}',
      },
    });
    const got = readEvents(`${sb.url}/v1/devices/events`, token, {
      count: 3,
      onOpen: async () => {
        await call('POST', '/v1/devices/events', { token, json: { name: 'big', data: 'x' } });
      },
    });
    const { events } = await got;
    expect(events.map((e) => e.event).slice(0, 3)).toEqual(['big', 'hook-sent/big', 'answer/big/0']);
    const more = await readEvents(`${sb.url}/v1/devices/events/answer`, token, {
      count: 2,
      lastEventId: '0',
    });
    const body = more.events.map((e) => JSON.parse(e.data).data).join('');
    expect(JSON.parse(body)).toMatchObject({ temp: 21 });
    expect(target.hits[0]?.method).toBe('GET');

    target.status = 500;
    const failed = await readEvents(`${sb.url}/v1/devices/events/hook-error`, token, {
      count: 1,
      onOpen: async () => {
        await call('POST', '/v1/devices/events', { token, json: { name: 'big', data: 'y' } });
      },
    });
    expect(JSON.parse(failed.events[0]?.data ?? '{}').data).toMatch(/^Error: request failed with status 500/);
  });

  it('sends JSON with noDefaults, only for the configured device, and tests an integration on demand', async () => {
    const kettle = [...sb.state.particle.devices.values()].find((d) => d.name === 'kettle')!;
    const created = await call('POST', '/v1/integrations', {
      token,
      json: {
        event: 'temp',
        integration_type: 'Webhook',
        url: target.url,
        deviceid: kettle.id,
        noDefaults: true,
        json: { t: '{{PARTICLE_EVENT_VALUE}}' },
      },
    });
    expect(created.status).toBe(201);
    await call('POST', '/v1/devices/events', { token, json: { name: 'temp', data: 'from-api' } });
    await new Promise((r) => setTimeout(r, 100));
    expect(target.hits).toHaveLength(0);
    const test = await call('POST', `/v1/integrations/${created.body.id}/test`, { token });
    expect(test.body).toMatchObject({ ok: true, response: { status: 200 } });
    expect(JSON.parse(target.hits[0]?.body ?? '')).toEqual({ t: 'test-event' });
    const integration = sb.state.particle.integrations.get(created.body.id);
    expect(integration?.deliveries.map((d) => d.status)).toEqual([200]);
    const edited = await call('PUT', `/v1/integrations/${created.body.id}`, {
      token,
      json: { url: 'http://127.0.0.1:9/down' },
    });
    expect(edited.body.url).toBe('http://127.0.0.1:9/down');
    const down = await call('POST', `/v1/integrations/${created.body.id}/test`, { token });
    expect(down.body.ok).toBe(false);
    expect(down.body.error).toBeTypeOf('string');
  });

  it('keeps product integrations apart from the user’s and 404s unknown ids', async () => {
    await call('POST', '/v1/products/4242/integrations', {
      token,
      json: { event: 'p', integration_type: 'GoogleMaps', api_key: 'k' },
    });
    expect((await call('GET', '/v1/integrations', { token })).body).toEqual([]);
    const product = await call('GET', '/v1/products/4242/integrations', { token });
    expect(product.body).toEqual([expect.objectContaining({ integration_type: 'GoogleMaps', api_key: 'k' })]);
    const missing = await call('DELETE', '/v1/webhooks/nope', { token });
    expect(missing).toMatchObject({ status: 404, body: { ok: false, error: 'Integration not found' } });
  });
});
