import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  type ConnectProxy,
  createTestCertificates,
  startConnectProxy,
  type TestCertificates,
} from '@skyport/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, HttpClient, NetworkError } from '../src/index.js';
import { caught, json, startServer, type TestServer, unexpected } from './helpers/server.js';

describe('proxy with credentials', () => {
  let target: TestServer;
  let proxy: ConnectProxy;
  let proxyPort: number;

  beforeAll(async () => {
    target = await startServer((req, res) =>
      json(res, 200, { via: req.headers['x-via'] ?? 'direct', url: req.url }),
    );
    proxy = await startConnectProxy({ credentials: { username: 'puser', password: 'p@ss' } });
    proxyPort = proxy.port;
  });

  afterAll(async () => {
    await target.close();
    await proxy.close();
  });

  it('tunnels through the proxy with username/password', async () => {
    const client = new HttpClient({
      baseUrl: target.url,
      proxy: { uri: `http://127.0.0.1:${proxyPort}`, username: 'puser', password: 'p@ss' },
    });
    expect(await client.request({ method: 'GET', path: '/hello' })).toEqual({ via: 'direct', url: '/hello' });
    expect(proxy.tunnels.at(-1)).toMatchObject({ target: `127.0.0.1:${target.port}` });
    await client.close();
  });

  it('accepts credentials in the proxy URL', async () => {
    const client = new HttpClient({
      baseUrl: target.url,
      proxy: `http://puser:p%40ss@127.0.0.1:${proxyPort}`,
    });
    expect(await client.request({ method: 'GET', path: '/u' })).toMatchObject({ url: '/u' });
    await client.close();
  });

  it('fails clearly with wrong credentials', async () => {
    const client = new HttpClient({
      baseUrl: target.url,
      proxy: { uri: `http://127.0.0.1:${proxyPort}`, username: 'puser', password: 'wrong' },
      retry: false,
    });
    const err = await client.request({ method: 'GET', path: '/x' }).then(unexpected, caught);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.message).toMatch(/407/);
    await client.close();
  });

  it('can switch proxy settings live', async () => {
    const client = new HttpClient({ baseUrl: target.url });
    const before = proxy.tunnels.length;
    await client.request({ method: 'GET', path: '/direct' });
    expect(proxy.tunnels.length).toBe(before);
    client.configure({
      proxy: { uri: `http://127.0.0.1:${proxyPort}`, username: 'puser', password: 'p@ss' },
    });
    await client.request({ method: 'GET', path: '/proxied' });
    expect(proxy.tunnels.length).toBe(before + 1);
    await client.close();
  });

  it('rejects an invalid proxy URI with ConfigError', () => {
    expect(() => new HttpClient({ baseUrl: target.url, proxy: 'not a url' })).toThrow(ConfigError);
  });
});

describe('mTLS', () => {
  let certs: TestCertificates;
  let dir: string;
  let server: ReturnType<typeof createHttpsServer>;
  let port: number;

  beforeAll(async () => {
    certs = createTestCertificates('skyport-client');
    dir = certs.dir;
    server = createHttpsServer(
      {
        key: certs.pem('server.key'),
        cert: certs.pem('server.crt'),
        ca: certs.pem('ca.crt'),
        requestCert: true,
        rejectUnauthorized: true,
      },
      (req, res) => {
        const peer = (req.socket as import('node:tls').TLSSocket).getPeerCertificate();
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ cn: peer.subject?.CN }));
      },
    );
    port = await new Promise((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
    );
  }, 60_000);

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    certs.remove();
  });

  it('presents a client certificate from file paths', async () => {
    const client = new HttpClient({
      baseUrl: `https://127.0.0.1:${port}`,
      tls: {
        certPath: join(dir, 'client.crt'),
        keyPath: join(dir, 'client.key'),
        caPath: join(dir, 'ca.crt'),
      },
    });
    expect(await client.request({ method: 'GET', path: '/' })).toEqual({ cn: 'skyport-client' });
    await client.close();
  });

  it('presents a client certificate from PEM contents', async () => {
    const client = new HttpClient({
      baseUrl: `https://127.0.0.1:${port}`,
      tls: {
        cert: readFileSync(join(dir, 'client.crt'), 'utf8'),
        key: readFileSync(join(dir, 'client.key'), 'utf8'),
        ca: readFileSync(join(dir, 'ca.crt'), 'utf8'),
      },
    });
    expect(await client.request({ method: 'GET', path: '/' })).toEqual({ cn: 'skyport-client' });
    await client.close();
  });

  it('fails without a client certificate, and without trusting the CA', async () => {
    const noCert = new HttpClient({
      baseUrl: `https://127.0.0.1:${port}`,
      tls: { caPath: join(dir, 'ca.crt') },
      retry: false,
    });
    expect(await noCert.request({ method: 'GET', path: '/' }).then(unexpected, caught)).toBeInstanceOf(
      NetworkError,
    );
    await noCert.close();
    const noCa = new HttpClient({
      baseUrl: `https://127.0.0.1:${port}`,
      tls: { certPath: join(dir, 'client.crt'), keyPath: join(dir, 'client.key') },
      retry: false,
    });
    const err = await noCa.request({ method: 'GET', path: '/' }).then(unexpected, caught);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.requestWritten).toBe(false);
    await noCa.close();
  });

  it('tunnels through an https:// proxy verified with the same CA', async () => {
    const target = await startServer((req, res) => json(res, 200, { url: req.url }));
    const proxy = await startConnectProxy({
      tls: { key: certs.pem('server.key'), cert: certs.pem('server.crt') },
    });
    const proxyPort = proxy.port;
    const client = new HttpClient({
      baseUrl: target.url,
      proxy: { uri: `https://127.0.0.1:${proxyPort}`, username: 'u', password: 'pw' },
      tls: { caPath: join(dir, 'ca.crt') },
    });
    expect(await client.request({ method: 'GET', path: '/via-https-proxy' })).toEqual({
      url: '/via-https-proxy',
    });
    expect(proxy.tunnels).toEqual([
      {
        target: `127.0.0.1:${target.port}`,
        authorization: `Basic ${Buffer.from('u:pw').toString('base64')}`,
      },
    ]);
    await client.close();
    // Without the CA the proxy's certificate is refused.
    const untrusting = new HttpClient({
      baseUrl: target.url,
      proxy: `https://127.0.0.1:${proxyPort}`,
      retry: false,
    });
    expect(await untrusting.request({ method: 'GET', path: '/' }).then(unexpected, caught)).toBeInstanceOf(
      NetworkError,
    );
    await untrusting.close();
    await proxy.close();
    await target.close();
  });

  it('names a missing certificate file', () => {
    expect(
      () => new HttpClient({ baseUrl: 'https://x', tls: { certPath: join(dir, 'missing.crt') } }),
    ).toThrow(/missing\.crt/);
  });
});
