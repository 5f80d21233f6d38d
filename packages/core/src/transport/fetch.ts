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

/** A request body in a form fetch takes, and whether it streams (fetch then needs `duplex: 'half'`). */
type FetchBody = [body: BodyInit | undefined, duplex?: 'half'];

/** Every transport body: strings, bytes, FormData as they are; a ReadableStream streamed; async iterables collected. */
async function streamingBody(b: TransportRequest['body']): Promise<FetchBody> {
  if (b === undefined || typeof b === 'string' || b instanceof Uint8Array || b instanceof FormData) {
    return [b as BodyInit | undefined];
  }
  if (typeof ReadableStream !== 'undefined' && b instanceof ReadableStream) return [b, 'half'];
  // Async iterables: collect (fetch cannot stream iterables everywhere).
  const parts: Uint8Array[] = [];
  for await (const chunk of toAsyncIterable(b as AsyncIterable<Uint8Array>)) parts.push(chunk);
  return [new Blob(parts as BlobPart[])];
}

/** The transport on fetch for every body, streams included. */
export function createFetchTransport(options: FetchTransportOptions = {}): ClosableTransport {
  return fetchTransport(options, streamingBody);
}

/**
 * The transport on fetch for bodies already in a form fetch takes (strings, bytes, FormData, Blobs): a lean
 * client's, whose serializer makes strings (the modular Genesys client in browsers). Streams need
 * createFetchTransport.
 */
export function createBasicFetchTransport(options: FetchTransportOptions = {}): ClosableTransport {
  return fetchTransport(options, async (b) => [b as BodyInit | undefined]);
}

function fetchTransport(
  options: FetchTransportOptions,
  toFetchBody: (b: TransportRequest['body']) => Promise<FetchBody>,
): ClosableTransport {
  if (options.proxy || options.tls) {
    throw new ConfigError('proxy and tls need the Node transport (fetch cannot apply them)');
  }
  const doFetch = options.fetch ?? globalThis.fetch;
  if (typeof doFetch !== 'function') throw new ConfigError('no global fetch available; pass options.fetch');
  return async (req: TransportRequest): Promise<TransportResponse> => {
    const [body, duplex] = await toFetchBody(req.body);
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
