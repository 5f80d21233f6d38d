import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, HttpClient, NetworkError } from '../src/index.js';
import { caught, json, startServer, type TestServer, unexpected } from './helpers/server.js';

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

describe('proxy with credentials', () => {
  let target: TestServer;
  let proxy: Server;
  let proxyPort: number;
  const seen: Array<{ method: string; url: string; auth: string | undefined }> = [];

  beforeAll(async () => {
    target = await startServer((req, res) =>
      json(res, 200, { via: req.headers['x-via'] ?? 'direct', url: req.url }),
    );
    // A small forward proxy: CONNECT tunnels (what undici's ProxyAgent uses), Basic auth required.
    proxy = createHttpServer((_req, res) => {
      res.writeHead(405);
      res.end();
    });
    proxy.on('connect', (req, socket, head) => {
      const auth = req.headers['proxy-authorization'];
      seen.push({ method: req.method ?? '', url: req.url ?? '', auth });
      if (auth !== `Basic ${Buffer.from('puser:p@ss').toString('base64')}`) {
        socket.end(
          'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="t"\r\n\r\n',
        );
        return;
      }
      const [host, port] = (req.url ?? '').split(':');
      const upstream = connect(Number(port), host, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    proxyPort = await listen(proxy);
  });

  afterAll(async () => {
    await target.close();
    proxy.closeAllConnections();
    await new Promise((r) => proxy.close(r));
  });

  it('tunnels through the proxy with username/password', async () => {
    const client = new HttpClient({
      baseUrl: target.url,
      proxy: { uri: `http://127.0.0.1:${proxyPort}`, username: 'puser', password: 'p@ss' },
    });
    expect(await client.request({ method: 'GET', path: '/hello' })).toEqual({ via: 'direct', url: '/hello' });
    expect(seen.at(-1)).toMatchObject({ method: 'CONNECT', url: `127.0.0.1:${target.port}` });
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
    const before = seen.length;
    await client.request({ method: 'GET', path: '/direct' });
    expect(seen.length).toBe(before);
    client.configure({
      proxy: { uri: `http://127.0.0.1:${proxyPort}`, username: 'puser', password: 'p@ss' },
    });
    await client.request({ method: 'GET', path: '/proxied' });
    expect(seen.length).toBe(before + 1);
    await client.close();
  });

  it('rejects an invalid proxy URI with ConfigError', () => {
    expect(() => new HttpClient({ baseUrl: target.url, proxy: 'not a url' })).toThrow(ConfigError);
  });
});

describe('mTLS', () => {
  let dir: string;
  let server: ReturnType<typeof createHttpsServer>;
  let port: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'skyport-tls-'));
    const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    ssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-days',
      '2',
      '-subj',
      '/CN=Skyport Test CA',
    );
    writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
    ssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'server.key',
      '-out',
      'server.csr',
      '-subj',
      '/CN=localhost',
    );
    ssl(
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'server.crt',
      '-days',
      '2',
      '-extfile',
      'server.ext',
    );
    ssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'client.key',
      '-out',
      'client.csr',
      '-subj',
      '/CN=skyport-client',
    );
    ssl(
      'x509',
      '-req',
      '-in',
      'client.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'client.crt',
      '-days',
      '2',
    );
    const read = (f: string) => readFileSync(join(dir, f));
    server = createHttpsServer(
      {
        key: read('server.key'),
        cert: read('server.crt'),
        ca: read('ca.crt'),
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
    const read = (f: string) => readFileSync(join(dir, f));
    const target = await startServer((req, res) => json(res, 200, { url: req.url }));
    const connects: string[] = [];
    const proxy = createHttpsServer({ key: read('server.key'), cert: read('server.crt') });
    proxy.on('connect', (req, socket, head) => {
      connects.push(`${req.url} ${req.headers['proxy-authorization']}`);
      const [host, p] = (req.url ?? '').split(':');
      const upstream = connect(Number(p), host, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    const proxyPort = await new Promise<number>((resolve) =>
      proxy.listen(0, '127.0.0.1', () => resolve((proxy.address() as AddressInfo).port)),
    );
    const client = new HttpClient({
      baseUrl: target.url,
      proxy: { uri: `https://127.0.0.1:${proxyPort}`, username: 'u', password: 'pw' },
      tls: { caPath: join(dir, 'ca.crt') },
    });
    expect(await client.request({ method: 'GET', path: '/via-https-proxy' })).toEqual({
      url: '/via-https-proxy',
    });
    expect(connects).toEqual([`127.0.0.1:${target.port} Basic ${Buffer.from('u:pw').toString('base64')}`]);
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
    proxy.closeAllConnections();
    await new Promise((r) => proxy.close(r));
    await target.close();
  });

  it('names a missing certificate file', () => {
    expect(
      () => new HttpClient({ baseUrl: 'https://x', tls: { certPath: join(dir, 'missing.crt') } }),
    ).toThrow(/missing\.crt/);
  });
});
