// Option and result types shared by every method.
import type { HttpClientOptions, Logger, LoggerOptions, RetryOptions } from '@skyport/core';

/** `{ name, version, components }` sent as X-Particle-Tool; `{ name, ...props }` as X-Particle-Project. */
export interface ToolContext {
  name: string;
  version?: string;
  components?: { name: string; version?: string }[];
}
export interface ProjectContext {
  name: string;
  [prop: string]: string | number | boolean | undefined;
}
export interface RequestContext {
  tool?: ToolContext;
  project?: ProjectContext;
}

/** Options every method accepts. */
export interface BaseOptions {
  /** Access token; defaults to the one given to the constructor or setDefaultAuth. */
  auth?: string;
  /** Extra request headers. */
  headers?: Record<string, string>;
  context?: RequestContext;
}

/** What every call resolves to. */
export interface JSONResponse<T = any> {
  body: T;
  statusCode: number;
}

/** A file: a path (Node), Buffer/Uint8Array, Blob/File, or a readable stream. */
// Streams are typed by what is read from them (any async iterable, which Node readables such as fs.createReadStream
// are), not by Node's stream types, so the declarations need no @types/node in browser projects.
export type FileInput =
  | string
  | Uint8Array
  | ArrayBuffer
  | Blob
  | AsyncIterable<Uint8Array | string>
  | ReadableStream;

export interface RequestArgs extends BaseOptions {
  uri: string;
  method: string;
  /** JSON body. */
  data?: unknown;
  /** URL-encoded form body (or extra multipart fields when `files` is given). */
  form?: Record<string, unknown>;
  query?: Record<string, unknown>;
  /** `{ 'name.ino': data }` — sent as multipart parts `file`, `file2`, … with that filename. */
  files?: Record<string, FileInput>;
  /** Resolve to the raw bytes (Buffer in Node, ArrayBuffer in browsers). */
  isBuffer?: boolean;
  signal?: AbortSignal;
  /** Multipart uploads only: called as the body is handed to the connection, `(sentBytes, totalBytes)`. */
  onProgress?: (sent: number, total: number) => void;
}

export interface ParticleOptions {
  baseUrl?: string;
  clientId?: string;
  clientSecret?: string;
  /** Seconds; sent as expires_in on login. Default 7776000 (90 days). */
  tokenDuration?: number;
  auth?: string;
  /** Per-attempt timeout in ms (default none). */
  timeout?: number;
  /**
   * @skyport/core's retry policy. Default: up to 3 retries of 429 (any method, honouring Retry-After) and of
   * 502/503/504 and connection failures on idempotent requests. `false`: never retry (particle-api-js).
   */
  retry?: RetryOptions | false;
  /** Shorthand for `retry: { maxRetries }`. */
  retries?: number;
  /** @skyport/core logging: `{ level, format, toConsole, filePath (Node), fn, logRequestBody, ... }` or a Logger. */
  logger?: LoggerOptions | Logger;
  /** Called for every attempt with method, url, status, duration and error (a small logger). */
  log?: (entry: { method: string; url: string; status?: number; ms: number; error?: unknown }) => void;
  /** HTTP(S) proxy URL or `{ uri, username, password }` (Node). */
  proxy?: HttpClientOptions['proxy'];
  /** Client certificate, key and CA (Node). */
  tls?: HttpClientOptions['tls'];
  /** Replaces core's transport (undici on Node, fetch elsewhere). */
  transport?: HttpClientOptions['transport'];
  /** Core's beforeRequest / afterResponse / beforeRetry hooks. */
  hooks?: HttpClientOptions['hooks'];
  /** A custom fetch, used through core's fetch transport. */
  fetch?: typeof fetch;
}

/** Upload methods also accept `onProgress(sentBytes, totalBytes)`. */
export interface UploadOptions {
  onProgress?: (sent: number, total: number) => void;
}
