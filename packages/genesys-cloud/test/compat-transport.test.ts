// Transport settings of the compat ApiClient: mTLS (setMTLSContents, setMTLSCertificates) against an HTTPS
// server that requires a client certificate, and setProxyAgent with a CONNECT proxy.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, UsersApi } from '../src/compat/index';
import { startConnectProxy } from './compat/helpers';

let dir: string;
let https: Server;
let httpsPort: number;
const read = (f: string) => readFileSync(join(dir, f), 'utf8');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'skyport-compat-tls-'));
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
    '/CN=Compat Test CA',
  );
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1\n');
  for (const name of ['server', 'client']) {
    ssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
      '-subj',
      `/CN=${name}`,
    );
    ssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.crt`,
      '-days',
      '2',
      ...(name === 'server' ? ['-extfile', 'server.ext'] : []),
    );
  }
  https = createHttpsServer(
    {
      key: read('server.key'),
      cert: read('server.crt'),
      ca: read('ca.crt'),
      requestCert: true,
      rejectUnauthorized: true,
    },
    (req, res) => {
      const peer = (req.socket as TLSSocket).getPeerCertificate();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'me', clientCert: peer.subject?.CN, auth: req.headers.authorization }));
    },
  ) as unknown as Server;
  await new Promise<void>((r) => https.listen(0, '127.0.0.1', r));
  httpsPort = (https.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((r) => https.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

function tlsClient(): ApiClient {
  const c = new ApiClient({ register: false });
  c.setGateway({ host: '127.0.0.1', protocol: 'https', port: httpsPort });
  c.setAccessToken('tls-token');
  return c;
}

describe('mTLS', () => {
  it('setMTLSContents presents the client certificate and trusts the CA', async () => {
    const c = tlsClient();
    c.setMTLSContents(read('client.crt'), read('client.key'), read('ca.crt'));
    expect(await new UsersApi(c).getUsersMe()).toEqual({
      id: 'me',
      clientCert: 'client',
      auth: 'Bearer tls-token',
    });
  });

  it('setMTLSCertificates reads the PEM files', async () => {
    const c = tlsClient();
    c.setMTLSCertificates(join(dir, 'client.crt'), join(dir, 'client.key'), join(dir, 'ca.crt'));
    expect(await new UsersApi(c).getUsersMe()).toMatchObject({ clientCert: 'client' });
  });

  it('without the client certificate the connection is refused', async () => {
    const c = tlsClient();
    c.setMTLSContents(undefined, undefined, read('ca.crt'));
    const err = await new UsersApi(c).getUsersMe().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).name).toMatch(/NetworkError/);
  });
});

describe('setProxyAgent', () => {
  let api: Server;
  let apiPort: number;
  beforeAll(async () => {
    api = createHttpServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'me', path: req.url }));
    });
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
    apiPort = (api.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((r) => api.close(() => r()));
  });

  it('an agent with a proxy URL (https-proxy-agent style) sends requests through that proxy', async () => {
    const proxy = await startConnectProxy();
    try {
      const c = new ApiClient({ register: false });
      c.setGateway({ host: '127.0.0.1', protocol: 'http', port: apiPort });
      c.setAccessToken('t');
      c.setProxyAgent({ proxy: new URL(proxy.url) });
      expect(await new UsersApi(c).getUsersMe()).toEqual({ id: 'me', path: '/api/v2/users/me' });
      expect(proxy.tunnels).toEqual([`127.0.0.1:${apiPort}`]);
    } finally {
      await proxy.close();
    }
  });
});
