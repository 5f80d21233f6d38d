import type { TokenProvider } from '../auth/types.js';
import type { Logger, LoggerOptions } from '../logging/types.js';
import type { RetryOptions } from '../retry/policy.js';
import type {
  ProxyOptions,
  TlsOptions,
  Transport,
  TransportBody,
  TransportRequest,
  TransportResponse,
} from '../transport/types.js';
import type { BodyType } from './body.js';
import type { QueryFormat } from './url.js';

export type ResponseType = 'json' | 'text' | 'binary' | 'stream' | 'auto';

/** The request as hooks see it; a beforeRequest hook may change it in place or return a replacement. */
export interface PreparedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: TransportBody;
  /** 1 for the first try. */
  attempt: number;
  options: RequestOptions;
}

/** What a hook may return: nothing (keep the value, possibly mutated) or a replacement. */
// biome-ignore lint/suspicious/noConfusingVoidType: hooks commonly return nothing
export type HookResult<T> = void | T | Promise<void | T>;
export type BeforeRequestHook = (req: PreparedRequest) => HookResult<PreparedRequest>;
export type AfterResponseHook = (
  res: TransportResponse,
  req: PreparedRequest,
) => HookResult<TransportResponse>;

/** Called before each retry wait; informational (throwing stops the retry with that error). */
export type BeforeRetryHook = (info: {
  attempt: number;
  delayMs: number;
  method: string;
  url: string;
  status?: number;
  error?: unknown;
}) => void | Promise<void>;

export interface HttpClientOptions {
  /** API base URL, e.g. https://api.mypurecloud.com. */
  baseUrl: string;
  /** OAuth/login base URL (Genesys login host); defaults to baseUrl. */
  loginUrl?: string;
  /** Sent with every request; per-request headers win. */
  headers?: Record<string, string>;
  /** Replace the built-in transport (seed `setHttpClient`). proxy/tls are then ignored. */
  transport?: Transport;
  proxy?: ProxyOptions | string;
  tls?: TlsOptions;
  /** Per-attempt timeout in ms. Default none. */
  timeout?: number;
  retry?: RetryOptions | false;
  /** A TokenProvider (e.g. TokenManager), or a fixed bearer token. */
  auth?: TokenProvider | string;
  logger?: LoggerOptions | Logger;
  hooks?: {
    beforeRequest?: BeforeRequestHook[];
    afterResponse?: AfterResponseHook[];
    beforeRetry?: BeforeRetryHook[];
  };
  /** Resolve to ExtendedResponse instead of the body (seed 001 setReturnExtendedResponses). */
  extendedResponses?: boolean;
}

export interface RequestOptions {
  method: string;
  /** Template like '/api/v2/users/{userId}' appended to the base URL, or an absolute URL. */
  path: string;
  /** Which base URL: 'api' (default) or 'login'. */
  base?: 'api' | 'login';
  pathParams?: Record<string, string | number>;
  /** undefined/null values are skipped; arrays follow queryFormat (default multi). */
  query?: Record<string, unknown>;
  queryFormat?: QueryFormat;
  headers?: Record<string, string>;
  body?: unknown;
  /** Default: inferred (objects → json, strings → text, bytes/streams → binary, FormData → multipart). */
  bodyType?: BodyType;
  /** Default 'auto': JSON when the content-type says so, otherwise text. */
  responseType?: ResponseType;
  signal?: AbortSignal;
  timeout?: number;
  retry?: RetryOptions | false;
  /** false: no Authorization header; string: that bearer token; a provider: use it for this call. */
  auth?: boolean | string | TokenProvider;
  extended?: boolean;
  /** Treat as safe to replay even if the method is not idempotent (e.g. POST with an idempotency key). */
  idempotent?: boolean;
  onUploadProgress?: TransportRequest['onUploadProgress'];
}

export interface ExtendedResponse<T = unknown> {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: T;
  text: string;
  error: unknown | null;
  correlationId?: string;
}
