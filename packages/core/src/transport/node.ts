// Node transport: undici's request API on a pooled keep-alive Agent, or a ProxyAgent, with optional mTLS.
import type { Dispatcher, ProxyAgent } from 'undici';
import { AbortError, ConfigError, NetworkError } from '../errors/index.js';
import { redactUrl } from '../logging/redact.js';
import { nodeFs } from '../platform/builtins.js';
import {
  type ClosableTransport,
  normalizeHeaders,
  type ProxyOptions,
  type TlsOptions,
  type TransportOptions,
  type TransportRequest,
  type TransportResponse,
  withProgress,
} from './types.js';
import { loadUndiciParts, type UndiciParts, undiciParts } from './undici-parts.js';

/** Errors raised before any byte of the request could have reached the server. */
const CONNECT_PHASE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_HAS_EXPIRED',
]);

function readPem(path: string, what: string): Buffer {
  try {
    return nodeFs().readFileSync(path);
  } catch (cause) {
    throw new ConfigError(`cannot read TLS ${what} file ${path}`, { cause, file: path });
  }
}

export function resolveTls(tls: TlsOptions | undefined): Record<string, unknown> | undefined {
  if (!tls) return undefined;
  const out: Record<string, unknown> = {};
  const cert = tls.cert ?? (tls.certPath ? readPem(tls.certPath, 'certificate') : undefined);
  const key = tls.key ?? (tls.keyPath ? readPem(tls.keyPath, 'key') : undefined);
  let ca: unknown = tls.ca;
  if (ca === undefined && tls.caPath !== undefined) {
    ca = (Array.isArray(tls.caPath) ? tls.caPath : [tls.caPath]).map((p) => readPem(p, 'CA'));
  }
  if (cert !== undefined) out.cert = cert;
  if (key !== undefined) out.key = key;
  if (ca !== undefined) out.ca = ca;
  if (tls.passphrase !== undefined) out.passphrase = tls.passphrase;
  if (tls.rejectUnauthorized !== undefined) out.rejectUnauthorized = tls.rejectUnauthorized;
  if (tls.servername !== undefined) out.servername = tls.servername;
  return out;
}

export function normalizeProxy(proxy: ProxyOptions | string): { uri: string; token?: string } {
  const p = typeof proxy === 'string' ? { uri: proxy } : proxy;
  let url: URL;
  try {
    url = new URL(p.uri);
  } catch (cause) {
    throw new ConfigError(`proxy URI is not a valid URL: ${JSON.stringify(redactUserinfo(p.uri))}`, {
      cause,
    });
  }
  const username = p.username ?? decodeURIComponent(url.username);
  const password = p.password ?? decodeURIComponent(url.password);
  url.username = '';
  url.password = '';
  const uri = url.toString().replace(/\/$/, '');
  if (!username && !password) return { uri };
  const basic = Buffer.from(`${username}:${password}`).toString('base64');
  return { uri, token: `Basic ${basic}` };
}

function redactUserinfo(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//***@');
}

function dispatcherFactory(options: TransportOptions): (parts: UndiciParts) => Promise<Dispatcher> {
  const connect = {
    timeout: options.connectTimeout ?? 10_000,
    ...(resolveTls(options.tls) ?? {}),
  };
  const pool = {
    connections: options.connections ?? 64,
    keepAliveTimeout: options.keepAliveTimeout ?? 4_000,
  };
  // Proxy settings are checked now, so a bad proxy URI fails when the transport is made, not at first use.
  const proxy = options.proxy ? normalizeProxy(options.proxy) : undefined;
  if (proxy) {
    const { uri, token } = proxy;
    return async (parts) =>
      new (await parts.loadProxyAgent())({
        uri,
        ...(token ? { token } : {}),
        ...pool,
        requestTls: connect,
        // An https:// proxy is verified with the same CA settings (never sent the client certificate).
        proxyTls: {
          ...('ca' in connect ? { ca: connect.ca } : {}),
          ...('rejectUnauthorized' in connect ? { rejectUnauthorized: connect.rejectUnauthorized } : {}),
        },
      } as ProxyAgent.Options);
  }
  return async (parts) => new parts.Agent({ ...pool, connect });
}

function errorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return (err as { code?: string } | undefined)?.code;
}

/** Creates a Node transport. Call `close()` on it to release pooled connections. */
export function createTransport(options: TransportOptions = {}): ClosableTransport {
  const makeDispatcher = dispatcherFactory(options);
  let dispatcher: Dispatcher | undefined;
  let creating: Promise<Dispatcher> | undefined;
  let closed = false;
  const transport: ClosableTransport = async (req: TransportRequest): Promise<TransportResponse> => {
    // Once loaded, no await: every await is a microtask turn on each request.
    const parts = undiciParts ?? (await loadUndiciParts());
    if (closed) throw new NetworkError(`${req.method} ${redactUrl(req.url)}: the transport was closed`);
    if (!dispatcher) {
      creating ??= makeDispatcher(parts);
      dispatcher = await creating;
    }
    let body = req.body;
    if (req.onUploadProgress && body !== undefined && !(body instanceof FormData)) {
      body = withProgress(body, req.onUploadProgress) as never;
    }
    try {
      const url = new URL(req.url);
      const res = await parts.request.call(dispatcher, {
        origin: url.origin,
        path: url.search ? `${url.pathname}${url.search}` : url.pathname,
        method: req.method as Dispatcher.HttpMethod,
        headers: req.headers,
        body: body as never,
        signal: req.signal,
        // The client enforces the overall timeout; these keep undici from giving up first.
        headersTimeout: 0,
        bodyTimeout: 0,
      });
      return {
        status: res.statusCode,
        statusText: parts.statusText[res.statusCode] ?? '',
        headers: normalizeHeaders(res.headers),
        body: res.body,
        requestWritten: true,
      };
    } catch (err) {
      if (req.signal?.aborted) throw new AbortError('request aborted', { cause: req.signal.reason ?? err });
      const code = errorCode(err);
      const message = err instanceof Error ? err.message : String(err);
      throw new NetworkError(`${req.method} ${redactUrl(req.url)}: ${message}${code ? ` (${code})` : ''}`, {
        cause: err,
        ...(code ? { code } : {}),
        requestWritten: !(code && CONNECT_PHASE_CODES.has(code)),
      });
    }
  };
  transport.close = async () => {
    closed = true;
    await (dispatcher ?? (await creating?.catch(() => undefined)))?.close();
  };
  return transport;
}
