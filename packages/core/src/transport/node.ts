// Node transport: undici's request API on a pooled keep-alive Agent, or a ProxyAgent, with optional mTLS.
import type { Dispatcher, ProxyAgent } from 'undici';
import { AbortError, ConfigError, NetworkError } from '../errors/index.js';
import { redactUrl } from '../logging/redact.js';
import { nodeFs } from '../platform/builtins.js';
import { PushedBody } from '../streaming/pushed-body.js';
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

/** Response headers as undici hands them to a dispatch handler (name, value, …) in the transport's shape. */
function rawHeaders(raw: Buffer[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = String(raw[i]).toLowerCase();
    const value = String(raw[i + 1]);
    const seen = out[name];
    out[name] = seen === undefined ? value : `${seen}, ${value}`;
  }
  return out;
}

/** An event stream is asked for (a GET without a body that accepts text/event-stream). */
const wantsEventStream = (req: TransportRequest): boolean =>
  req.method === 'GET' &&
  req.body === undefined &&
  /^\s*text\/event-stream/i.test(req.headers.accept ?? req.headers.Accept ?? '');

interface Dispatched {
  statusCode: number;
  headers: Record<string, string>;
  body: PushedBody;
}

/**
 * An event stream's request, dispatched with a handler of our own so that undici hands each chunk of the body
 * straight to a PushedBody (no Readable in between: see streaming/pushed-body.ts). Settles like undici's request
 * API: with the response once its headers arrived, or with the error (an aborted signal's reason) before that;
 * later failures end the body.
 */
function dispatchEventStream(dispatcher: Dispatcher, url: URL, req: TransportRequest): Promise<Dispatched> {
  return new Promise<Dispatched>((resolve, reject) => {
    const signal = req.signal;
    let abort: ((err: Error) => void) | undefined;
    let reason: Error | undefined;
    let body: PushedBody | undefined;
    const onAbort = () => {
      reason = (signal?.reason as Error | undefined) ?? new AbortError('request aborted');
      abort?.(reason);
    };
    if (signal?.aborted) {
      reject(signal.reason ?? new AbortError('request aborted'));
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    const settled = () => signal?.removeEventListener('abort', onAbort);
    dispatcher.dispatch(
      {
        origin: url.origin,
        path: url.search ? `${url.pathname}${url.search}` : url.pathname,
        method: 'GET',
        headers: req.headers,
        // The client enforces the overall timeout (and the stream its heartbeat); undici must not give up first.
        headersTimeout: 0,
        bodyTimeout: 0,
      },
      {
        onConnect(a) {
          if (reason) a(reason);
          else abort = a;
        },
        onHeaders(statusCode, raw, resume) {
          // 1xx informational answers come before the real one.
          if (statusCode < 200) return true;
          body = new PushedBody(resume, (err) => abort?.(err));
          resolve({ statusCode, headers: rawHeaders(raw), body });
          return true;
        },
        onData(chunk) {
          return body ? body.push(chunk) : true;
        },
        onComplete() {
          settled();
          body?.finish();
        },
        onError(err) {
          settled();
          if (body) body.finish(err);
          else reject(err);
        },
      },
    );
  });
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
      if (wantsEventStream(req)) {
        const { statusCode, headers, body: pushed } = await dispatchEventStream(dispatcher, url, req);
        return {
          status: statusCode,
          statusText: parts.statusText[statusCode] ?? '',
          headers,
          body: pushed,
          requestWritten: true,
        };
      }
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
