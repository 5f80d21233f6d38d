// Option and result types shared by every method.

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
export type FileInput = string | Uint8Array | ArrayBuffer | Blob | NodeJS.ReadableStream | ReadableStream;

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
  /** Per-request timeout in ms (default none). */
  timeout?: number;
  /** Retries for network failures, 429 and 5xx on idempotent requests. Default 0 (like particle-api-js). */
  retries?: number;
  /** Called for every request with method, url, status and duration. */
  log?: (entry: { method: string; url: string; status?: number; ms: number; error?: unknown }) => void;
  /** Custom fetch (e.g. one with a proxy dispatcher). Default the global fetch. */
  fetch?: typeof fetch;
}

/** Upload methods also accept `onProgress(sentBytes, totalBytes)`. */
export interface UploadOptions {
  onProgress?: (sent: number, total: number) => void;
}
