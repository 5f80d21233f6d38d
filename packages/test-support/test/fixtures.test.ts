// The fixtures themselves: the proxy tunnels only with the right credentials, and the CA's certificates verify
// against it in a real TLS handshake on loopback, client certificate included.
import { request } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { type TLSSocket, connect as tlsConnect } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { createTestCertificates, startConnectProxy } from '../src/index.js';

function connectVia(proxyPort: number, target: string, authorization?: string) {
  return new Promise<{ status: number; socket: import('node:net').Socket }>((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port: proxyPort,
      method: 'CONNECT',
      path: target,
      headers: authorization ? { 'proxy-authorization': authorization } : {},
    });
    req.on('connect', (res, socket) => resolve({ status: res.statusCode ?? 0, socket }));
    req.on('error', reject);
    req.end();
  });
}

describe('startConnectProxy', () => {
  it('answers 407 without the credentials and tunnels with them, recording both', async () => {
    const certs = createTestCertificates('fixture-client');
    const server = createHttpsServer(
      {
        key: certs.pem('server.key'),
        cert: certs.pem('server.crt'),
        ca: certs.pem('ca.crt'),
        requestCert: true,
      },
      (req, res) => res.end((req.socket as TLSSocket).getPeerCertificate().subject?.CN ?? 'none'),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const target = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    const proxy = await startConnectProxy({ credentials: { username: 'u', password: 'p@ss' } });
    try {
      const refused = await connectVia(proxy.port, target);
      expect(refused.status).toBe(407);
      refused.socket.destroy();
      const good = `Basic ${Buffer.from('u:p@ss').toString('base64')}`;
      const open = await connectVia(proxy.port, target, good);
      expect(open.status).toBe(200);
      // TLS through the tunnel, verified against the test CA, presenting the client certificate.
      const tls = tlsConnect({
        socket: open.socket,
        servername: 'localhost',
        ca: certs.pem('ca.crt'),
        cert: certs.pem('client.crt'),
        key: certs.pem('client.key'),
      });
      await new Promise<void>((resolve, reject) => tls.once('secureConnect', resolve).once('error', reject));
      expect(tls.authorized).toBe(true);
      tls.write('GET / HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\n\r\n');
      let reply = '';
      for await (const chunk of tls) reply += chunk;
      expect(reply).toMatch(/^HTTP\/1.1 200 [\s\S]*\r\n\r\nfixture-client$/);
      expect(proxy.tunnels).toEqual([
        { target, authorization: undefined },
        { target, authorization: good },
      ]);
    } finally {
      await proxy.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      certs.remove();
    }
  });
});
