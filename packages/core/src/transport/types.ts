// The seam between the request pipeline and the wire. Node uses undici; elsewhere global fetch.

export interface UploadProgress {
  loaded: number;
  total?: number;
}

export type TransportBody =
  | string
  | Uint8Array
  | FormData
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array>;

export interface TransportRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: TransportBody;
  signal?: AbortSignal;
  /** Milliseconds; the transport may enforce it, the client always does. */
  timeout?: number;
  onUploadProgress?: (p: UploadProgress) => void;
}

export interface TransportResponse {
  status: number;
  statusText: string;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /**
   * Consumed once. When the object also has a `text()` method (undici's body), text and JSON responses are
   * read with it instead of the async iterator.
   */
  body: AsyncIterable<Uint8Array> | null;
  requestWritten?: boolean;
}

export type Transport = (req: TransportRequest) => Promise<TransportResponse>;

/** A transport that owns connections and can release them. */
export type ClosableTransport = Transport & { close?: () => Promise<void> };

export interface ProxyOptions {
  /** Proxy URL, e.g. http://proxy.local:3128 (credentials in the URL are also accepted). */
  uri: string;
  username?: string;
  password?: string;
}

export interface TlsOptions {
  /** PEM contents. */
  cert?: string | Uint8Array;
  key?: string | Uint8Array;
  ca?: string | Uint8Array | Array<string | Uint8Array>;
  passphrase?: string;
  /** Paths to PEM files (Node only); read once when the transport is created. */
  certPath?: string;
  keyPath?: string;
  caPath?: string | string[];
  /** Defaults to true. */
  rejectUnauthorized?: boolean;
  servername?: string;
}

export interface TransportOptions {
  proxy?: ProxyOptions | string;
  tls?: TlsOptions;
  /** Keep-alive connections per origin (Node). Default 64. */
  connections?: number;
  keepAliveTimeout?: number;
  /** Connect timeout in ms (Node). Default 10000. */
  connectTimeout?: number;
}

export function normalizeHeaders(
  h: Headers | Record<string, string | string[] | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof (h as Headers).forEach === 'function' && typeof (h as Headers).get === 'function') {
    (h as Headers).forEach((value, key) => {
      out[key.toLowerCase()] = value;
    });
    return out;
  }
  const record = h as Record<string, string | string[] | undefined>;
  for (const k in record) {
    if (!Object.hasOwn(record, k)) continue;
    const v = record[k];
    if (v === undefined) continue;
    out[k.toLowerCase()] = typeof v === 'string' ? v : Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

/** Wraps a body so that progress is reported as chunks are handed to the connection. */
export async function* withProgress(
  body: Exclude<TransportBody, FormData>,
  onProgress: (p: UploadProgress) => void,
): AsyncIterable<Uint8Array> {
  const chunkSize = 64 * 1024;
  if (typeof body === 'string' || body instanceof Uint8Array) {
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
    let loaded = 0;
    onProgress({ loaded: 0, total: bytes.byteLength });
    while (loaded < bytes.byteLength) {
      const chunk = bytes.subarray(loaded, loaded + chunkSize);
      yield chunk;
      loaded += chunk.byteLength;
      onProgress({ loaded, total: bytes.byteLength });
    }
    return;
  }
  let loaded = 0;
  for await (const chunk of toAsyncIterable(body)) {
    yield chunk;
    loaded += chunk.byteLength;
    onProgress({ loaded });
  }
}

/** A ReadableStream or an async iterable (Node streams are both). */
export function isStreamLike(v: unknown): v is ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> {
  return (
    typeof v === 'object' &&
    v !== null &&
    (Symbol.asyncIterator in v || typeof (v as ReadableStream).getReader === 'function')
  );
}

export function toAsyncIterable(
  body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
): AsyncIterable<Uint8Array> {
  if (Symbol.asyncIterator in body) return body as AsyncIterable<Uint8Array>;
  const stream = body as ReadableStream<Uint8Array>;
  return {
    async *[Symbol.asyncIterator]() {
      const reader = stream.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          yield value;
        }
      } finally {
        reader.releaseLock();
      }
    },
  };
}
