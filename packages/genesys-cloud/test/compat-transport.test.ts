// Transport settings of the compat ApiClient: mTLS (setMTLSContents, setMTLSCertificates) against an HTTPS
// server that requires a client certificate, and setProxyAgent with a CONNECT proxy.
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { createTestCertificates, startConnectProxy, type TestCertificates } from '@skyport/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, UsersApi } from '../src/compat/index';

let certs: TestCertificates;
let https: Server;
let httpsPort: number;
const read = (f: Parameters<TestCertificates['pem']>[0]) => certs.pem(f);

beforeAll(async () => {
  certs = createTestCertificates('client');
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
  certs.remove();
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
    c.setMTLSCertificates(certs.path('client.crt'), certs.path('client.key'), certs.path('ca.crt'));
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
      expect(proxy.tunnels.map((t) => t.target)).toEqual([`127.0.0.1:${apiPort}`]);
    } finally {
      await proxy.close();
    }
  });
});
