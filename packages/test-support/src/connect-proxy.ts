// A forward proxy on loopback that answers CONNECT, as corporate proxies do (and as undici's ProxyAgent expects),
// optionally requiring Basic credentials, and records every tunnel it was asked for.
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { type AddressInfo, connect, type Socket } from 'node:net';

export interface ConnectProxyOptions {
  /** When set, a CONNECT without exactly these Basic credentials gets 407. */
  credentials?: { username: string; password: string };
  /** Listen over TLS with this key and certificate (an `https://` proxy). */
  tls?: { key: string; cert: string };
}

export interface ConnectProxy {
  /** `http://127.0.0.1:<port>` (`https://` with the tls option) */
  url: string;
  port: number;
  /** Every CONNECT received, in order (refused ones included): the target `host:port` and the Proxy-Authorization. */
  tunnels: Array<{ target: string; authorization: string | undefined }>;
  /** Destroys open tunnels and stops listening. */
  close(): Promise<void>;
}

export async function startConnectProxy(options: ConnectProxyOptions = {}): Promise<ConnectProxy> {
  const expected = options.credentials
    ? `Basic ${Buffer.from(`${options.credentials.username}:${options.credentials.password}`).toString('base64')}`
    : undefined;
  const tunnels: ConnectProxy['tunnels'] = [];
  const sockets = new Set<Socket>();
  const refuse = (_req: unknown, res: import('node:http').ServerResponse) => {
    res.writeHead(405, { allow: 'CONNECT' });
    res.end('CONNECT only');
  };
  const server: Server = options.tls
    ? (createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, refuse) as unknown as Server)
    : createServer(refuse);
  server.on('connect', (req, client: Socket, head: Buffer) => {
    const authorization = req.headers['proxy-authorization'];
    tunnels.push({ target: req.url ?? '', authorization });
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    if (expected !== undefined && authorization !== expected) {
      client.end(
        'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\n\r\n',
      );
      return;
    }
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host ?? '', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    upstream.on('error', drop);
    client.on('error', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    tunnels,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
