// Transport on the global fetch: browsers, Deno, Bun, workers. No Node built-ins here.
import { AbortError, ConfigError, messageOf, NetworkError } from '../errors/index.js';
import { redactUrl } from '../logging/redact.js';
import {
  type ClosableTransport,
  type TransportOptions,
  type TransportRequest,
  type TransportResponse,
  toAsyncIterable,
} from './types.js';

export interface FetchTransportOptions extends TransportOptions {
  fetch?: typeof fetch;
  /** Passed to fetch as `credentials` (browsers). */
  credentials?: RequestCredentials;
}

export function createFetchTransport(options: FetchTransportOptions = {}): ClosableTransport {
  if (options.proxy || options.tls) {
    throw new ConfigError('proxy and tls need the Node transport (fetch cannot apply them)');
  }
  const doFetch = options.fetch ?? globalThis.fetch;
  if (typeof doFetch !== 'function') throw new ConfigError('no global fetch available; pass options.fetch');
  return async (req: TransportRequest): Promise<TransportResponse> => {
    let body: BodyInit | undefined;
    let duplex: 'half' | undefined;
    const b = req.body;
    if (b === undefined || typeof b === 'string' || b instanceof Uint8Array || b instanceof FormData) {
      body = b as BodyInit | undefined;
    } else if (typeof ReadableStream !== 'undefined' && b instanceof ReadableStream) {
      body = b;
      duplex = 'half';
    } else {
      // Async iterables: collect (fetch cannot stream iterables everywhere).
      const parts: Uint8Array[] = [];
      for await (const chunk of toAsyncIterable(b as AsyncIterable<Uint8Array>)) parts.push(chunk);
      body = new Blob(parts as BlobPart[]);
    }
    if (req.onUploadProgress && body !== undefined) {
      const total =
        typeof body === 'string' ? new TextEncoder().encode(body).byteLength : (body as Blob).size;
      req.onUploadProgress({ loaded: 0, ...(typeof total === 'number' ? { total } : {}) });
    }
    let res: Response;
    try {
      res = await doFetch(req.url, {
        method: req.method,
        headers: req.headers,
        body: body ?? null,
        signal: req.signal ?? null,
        // Undefined members of the init dictionary count as absent.
        credentials: options.credentials,
        duplex,
      } as RequestInit);
    } catch (err) {
      if (req.signal?.aborted) throw new AbortError('request aborted', { cause: req.signal.reason ?? err });
      throw new NetworkError(`${req.method} ${redactUrl(req.url)}: ${messageOf(err)}`, {
        cause: err,
      });
    }
    // fetch's Headers joins repeated headers with ", "; names are lower-cased again for fetch polyfills.
    const headers: Record<string, string> = {};
    res.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    return {
      status: res.status,
      statusText: res.statusText,
      headers,
      body: res.body ? toAsyncIterable(res.body) : null,
      requestWritten: true,
    };
  };
}
