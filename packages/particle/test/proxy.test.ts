// The proxy option reaches core's undici ProxyAgent, for requests and for event streams alike.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ConnectProxy, startConnectProxy } from '@skyport/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Particle, type ParticleEvent } from '../src/index.js';

let target: Server;
let proxy: ConnectProxy;
let targetUrl = '';
let proxyUrl = '';

const listen = (s: Server) =>
  new Promise<number>((r) => s.listen(0, '127.0.0.1', () => r((s.address() as AddressInfo).port)));

beforeAll(async () => {
  target = createServer((req, res) => {
    if (req.url?.startsWith('/v1/devices/events')) {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(
        'id: 1\nevent: temp\ndata: {"data":"21","ttl":60,"published_at":"2026-01-01T00:00:00Z","coreid":"d1"}\n\n',
      );
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ url: req.url }));
  });
  targetUrl = `http://127.0.0.1:${await listen(target)}`;
  // A forward proxy with CONNECT tunnels (what undici's ProxyAgent uses) and Basic auth.
  proxy = await startConnectProxy({ credentials: { username: 'pu', password: 'pw' } });
  proxyUrl = proxy.url;
});

afterAll(async () => {
  target.closeAllConnections();
  await new Promise((r) => target.close(r));
  await proxy.close();
});

describe('proxy option', () => {
  it('tunnels requests and event streams through an authenticated proxy', async () => {
    const p = new Particle({ baseUrl: targetUrl, proxy: { uri: proxyUrl, username: 'pu', password: 'pw' } });
    await expect(p.getDevice({ deviceId: 'd1', auth: 't' })).resolves.toEqual({
      body: { url: '/v1/devices/d1' },
      statusCode: 200,
    });
    const stream = await p.getEventStream({ deviceId: 'mine', auth: 't' });
    const got = await new Promise<ParticleEvent>((r) => stream.on('event', r));
    stream.abort();
    expect(got).toMatchObject({ name: 'temp', data: '21', coreid: 'd1' });
    const port = new URL(targetUrl).port;
    expect(proxy.tunnels.length).toBeGreaterThanOrEqual(1);
    for (const t of proxy.tunnels) expect(t.target).toBe(`127.0.0.1:${port}`);
    await p.httpClient.close();
  });

  it('fails with a network error naming the URL when the proxy refuses the credentials', async () => {
    const p = new Particle({
      baseUrl: targetUrl,
      proxy: `http://pu:wrong@${new URL(proxyUrl).host}`,
      retry: false,
    });
    const err = await p.getDevice({ deviceId: 'd1', auth: 't' }).catch((e: unknown) => e);
    expect(err).toMatchObject({
      statusCode: undefined,
      errorDescription: `Network error from ${targetUrl}/v1/devices/d1`,
    });
    await p.httpClient.close();
  });
});
