// The request pipeline: build → auth → hooks → transport (with timeout) → retry/401 → parse → errors.
// HttpClientCore is the client without live reconfiguration or raw (streamed) responses: those are
// HttpClientBase's (./http-client.ts), so an app on HttpClientCore bundles neither.
import { isTokenProvider, type TokenProvider } from '../auth/types.js';
import { AbortError, ApiError, ConfigError, TimeoutError, ValidationError } from '../errors/index.js';
import { isLogger } from '../logging/logger.js';
import { redactUrl } from '../logging/redact.js';
import type { HttpLogEntry, Logger, LoggerOptions } from '../logging/types.js';
import {
  backoffDelay,
  isIdempotentMethod,
  isRetryable,
  type ResolvedRetry,
  resolveRetry,
  serverRequestedDelay,
} from '../retry/policy.js';
import { sleep } from '../retry/sleep.js';
import type { ClosableTransport, Transport, TransportOptions } from '../transport/types.js';
import { type Attempt, sendAttempt } from './attempt.js';
import type { BodyType, PathToBlob, SerializedBody } from './body.js';
import { rawBody } from './raw-body.js';
import { drain, parseBody, parseErrorBody } from './response.js';
import type {
  BeforeRequestHook,
  ExtendedResponse,
  HttpClientOptions,
  PreparedRequest,
  RequestOptions,
} from './types.js';
import { appendQuery, fillPath, joinUrl, queryPairs } from './url.js';

/** What differs between Node and browsers. */
export interface ClientPlatform {
  createTransport(o: TransportOptions): ClosableTransport;
  createLogger(o: LoggerOptions): Logger;
  pathToBlob?: PathToBlob;
  /**
   * JSON, form, multipart, text and binary serialisation (core's platforms pass body.ts's serializeBody).
   * Without it, bodies are sent as given (strings, bytes, Blobs, FormData, streams): a client that builds its
   * own wire bodies then carries no serializer code.
   */
  serializeBody?(
    body: unknown,
    bodyType: BodyType | undefined,
    pathToBlob?: PathToBlob,
  ): Promise<SerializedBody>;
}

/** A client's state: one object, so HttpClientBase's configure() can replace its parts. */
export interface ClientState {
  opts: HttpClientOptions;
  transport: Transport;
  own: ClosableTransport | undefined;
  log: Logger | undefined;
  /** The client-level retry policy, resolved once per configuration rather than on every request. */
  retry: ResolvedRetry | false;
  readonly platform: ClientPlatform;
}

/** Each client's state, for HttpClientBase's configure and requestRaw (never shown on the instance). */
export const states: WeakMap<HttpClientCore, ClientState> = /* @__PURE__ */ new WeakMap();

/** Copies headers into `out` with lower-case names, skipping undefined/null values. */
function addLowerKeys(out: Record<string, string>, h: Record<string, string> | undefined): void {
  if (!h) return;
  for (const k in h) {
    if (!Object.hasOwn(h, k)) continue;
    const v = h[k];
    if (v !== undefined && v !== null) out[k.toLowerCase()] = String(v);
  }
}

function checkRecord(key: string, v: unknown): void {
  if (v !== undefined && (typeof v !== 'object' || v === null || Array.isArray(v))) {
    throw new ValidationError(
      `${key} must be an object of name → value (got ${Array.isArray(v) ? 'an array' : typeof v})`,
    );
  }
}

/** The body of a request without one: shared, never mutated. */
const NO_BODY: SerializedBody = Object.freeze({ body: undefined, replayable: true });

export function validateOptions(o: HttpClientOptions): void {
  if (typeof o.baseUrl !== 'string') throw new ConfigError('baseUrl must be a string URL');
  for (const name of ['baseUrl', 'loginUrl'] as const) {
    const url = o[name];
    if (url) {
      try {
        new URL(url);
      } catch (cause) {
        throw new ConfigError(`${name} is not a valid absolute URL: ${JSON.stringify(url)}`, { cause });
      }
    }
  }
  if (o.timeout !== undefined && !(Number.isFinite(o.timeout) && o.timeout > 0)) {
    throw new ConfigError(`timeout must be a positive number of ms (got ${o.timeout})`);
  }
  if (o.auth !== undefined && !isTokenProvider(o.auth) && !(typeof o.auth === 'string' && o.auth)) {
    throw new ConfigError(
      'auth must be a TokenProvider (an object with getAccessToken) or a non-empty token',
    );
  }
}

export function buildTransport(
  o: HttpClientOptions,
  platform: ClientPlatform,
): { transport: Transport; own: ClosableTransport | undefined } {
  if (o.transport) return { transport: o.transport, own: undefined };
  const t = platform.createTransport({
    ...(o.proxy ? { proxy: o.proxy } : {}),
    ...(o.tls ? { tls: o.tls } : {}),
  });
  return { transport: t, own: t };
}

export function buildLogger(o: HttpClientOptions, platform: ClientPlatform): Logger | undefined {
  const l = o.logger;
  if (l === undefined) return undefined;
  if (isLogger(l)) return l;
  return platform.createLogger(l);
}

export class HttpClientCore {
  // ES private names (#) rather than TypeScript `private`: bundlers can shorten them, and this class is in every
  // app's bundle.
  readonly #s: ClientState;

  constructor(options: HttpClientOptions, platform: ClientPlatform) {
    if (!options || typeof options !== 'object') throw new ConfigError('HttpClient needs an options object');
    const opts = { ...options };
    validateOptions(opts);
    const log = buildLogger(opts, platform);
    const t = buildTransport(opts, platform);
    this.#s = { opts, transport: t.transport, own: t.own, log, retry: resolveRetry(opts.retry), platform };
    states.set(this, this.#s);
  }

  get options(): Readonly<HttpClientOptions> {
    return this.#s.opts;
  }

  /** Releases pooled connections of the built-in transport. */
  async close(): Promise<void> {
    await this.#s.own?.close?.();
  }

  /** Resolves to the parsed body, or to an ExtendedResponse when extended responses are on. */
  request<T = unknown>(req: RequestOptions): Promise<T> {
    return run(this.#s, req, (req?.extended ?? this.#s.opts.extendedResponses) === true) as Promise<T>;
  }

  requestExtended<T = unknown>(req: RequestOptions): Promise<ExtendedResponse<T>> {
    return run(this.#s, req, true) as Promise<ExtendedResponse<T>>;
  }
}

async function run(s: ClientState, req: RequestOptions, extended: boolean): Promise<unknown> {
  const type = req?.responseType ?? 'auto';
  if (type === 'stream') throw new ValidationError("responseType 'stream' needs requestRaw()");
  const a = await execute(s, req);
  try {
    if (a.res.status >= 400) throw await apiError(s, a);
    let parsed: Awaited<ReturnType<typeof parseBody>>;
    try {
      parsed = await parseBody(a.res, type);
    } catch (err) {
      const mapped = a.mapError(err);
      logAttempt(s, a, undefined, mapped);
      throw mapped;
    }
    logAttempt(s, a, parsed.body);
    if (!extended) return parsed.body;
    const correlationId = a.res.headers['inin-correlation-id'];
    const ext: ExtendedResponse = {
      status: a.res.status,
      statusText: a.res.statusText,
      headers: a.res.headers,
      body: parsed.body,
      text: parsed.text,
      error: null,
    };
    if (correlationId) ext.correlationId = correlationId;
    return ext;
  } finally {
    a.finish();
  }
}

/** The ApiError of a failed attempt, with its body read (and the attempt logged). */
export async function apiError(s: ClientState, a: Attempt): Promise<ApiError> {
  const { body, text } = await parseErrorBody(a.res);
  logAttempt(s, a, body ?? text);
  return new ApiError({
    status: a.res.status,
    statusText: a.res.statusText,
    headers: a.res.headers,
    body,
    text,
    request: { method: a.prepared.method, url: redactUrl(a.prepared.url) },
  });
}

/** Logs one attempt: with its response (`a`), or a failure before any response (`a` undefined, `prepared`). */
export function logAttempt(
  s: ClientState,
  a: Attempt | undefined,
  responseBody: unknown,
  error?: unknown,
  prepared: PreparedRequest = a!.prepared,
): void {
  const log = s.log;
  if (!log) return;
  const entry: HttpLogEntry = {
    method: prepared.method,
    url: prepared.url,
    requestHeaders: prepared.headers,
    requestBody: prepared.options.body,
    attempt: prepared.attempt,
  };
  const res = a?.res;
  if (res) {
    entry.status = res.status;
    entry.durationMs = performance.now() - a.started;
    entry.responseHeaders = res.headers;
    entry.responseBody = responseBody;
    const correlationId = res.headers['inin-correlation-id'];
    if (correlationId) entry.correlationId = correlationId;
  }
  if (error !== undefined) entry.error = error;
  log.logHttp(entry, !res || res.status >= 400 || error !== undefined);
}

function resolveAuth(s: ClientState, req: RequestOptions): TokenProvider | string | undefined {
  if (req.auth === false) return undefined;
  if (typeof req.auth === 'string') return req.auth;
  if (req.auth && typeof req.auth === 'object') return req.auth;
  return s.opts.auth;
}

/** Builds the request of one attempt; a promise only when beforeRequest hooks have to run. */
function prepare(
  o: HttpClientOptions,
  req: RequestOptions,
  method: string,
  attempt: number,
  token: string | undefined,
  serialized: SerializedBody,
): PreparedRequest | Promise<PreparedRequest> {
  const base = req.base === 'login' ? (o.loginUrl ?? o.baseUrl) : o.baseUrl;
  const url = appendQuery(
    joinUrl(base, fillPath(req.path, req.pathParams)),
    queryPairs(req.query, req.queryFormat),
  );
  const headers: Record<string, string> = {};
  addLowerKeys(headers, o.headers);
  addLowerKeys(headers, req.headers);
  if (serialized.contentType && !headers['content-type']) headers['content-type'] = serialized.contentType;
  if (
    !headers.accept &&
    (req.responseType === undefined || req.responseType === 'json' || req.responseType === 'auto')
  ) {
    headers.accept = 'application/json';
  }
  if (token && !headers.authorization) headers.authorization = `Bearer ${token}`;
  const prepared: PreparedRequest = { method, url, headers, attempt, options: req };
  if (serialized.body !== undefined) prepared.body = serialized.body;
  const hooks = o.hooks?.beforeRequest;
  return hooks && hooks.length > 0 ? runBeforeRequest(hooks, prepared) : prepared;
}

/** Sends a request with auth, hooks, timeout, 401 refresh and retries; resolves to the final attempt. */
export async function execute(s: ClientState, req: RequestOptions): Promise<Attempt> {
  if (!req || typeof req.method !== 'string' || !req.method || typeof req.path !== 'string') {
    throw new ValidationError('request needs a method and a path');
  }
  checkRecord('query', req.query);
  checkRecord('pathParams', req.pathParams);
  checkRecord('headers', req.headers);
  if (req.timeout !== undefined && !(Number.isFinite(req.timeout) && req.timeout > 0)) {
    throw new ValidationError(`timeout must be a positive number of ms (got ${req.timeout})`);
  }
  const policy: ResolvedRetry | false =
    req.retry === undefined ? s.retry : resolveRetry(s.opts.retry, req.retry);
  const method = req.method.toUpperCase();
  const idempotent = req.idempotent ?? isIdempotentMethod(policy, method);
  // Serialised once: multipart parts read from streams or files are reused by every attempt.
  const platform = s.platform;
  const serialized =
    req.body === undefined
      ? NO_BODY
      : platform.serializeBody
        ? await platform.serializeBody(req.body, req.bodyType, platform.pathToBlob)
        : await rawBody(req.body);
  const bodyReplayable = serialized.replayable;
  const auth = resolveAuth(s, req);
  let waited = 0;
  let retries = 0;
  let unauthorizedHandled = false;
  for (let attempt = 1; ; attempt++) {
    if (req.signal?.aborted) throw new AbortError('request aborted', { cause: req.signal.reason });
    const token =
      typeof auth === 'string'
        ? auth
        : auth
          ? await auth.getAccessToken(req.signal ? { signal: req.signal } : {})
          : undefined;
    let prepared = prepare(s.opts, req, method, attempt, token, serialized);
    if (prepared instanceof Promise) prepared = await prepared;
    let a: Attempt | undefined;
    let error: unknown;
    try {
      a = await sendAttempt(
        s.transport,
        s.opts.hooks?.afterResponse,
        prepared,
        req,
        req.timeout ?? s.opts.timeout,
      );
    } catch (err) {
      error = err;
    }

    if (
      a &&
      a.res.status === 401 &&
      token &&
      typeof auth === 'object' &&
      auth.onUnauthorized &&
      !unauthorizedHandled
    ) {
      unauthorizedHandled = true;
      let retryAuth: boolean;
      try {
        retryAuth = await auth.onUnauthorized(token);
      } catch (err) {
        await drain(a.res);
        a.finish();
        throw err;
      }
      if (retryAuth) {
        logAttempt(s, a, undefined);
        await drain(a.res);
        a.finish();
        continue;
      }
    }

    if (
      a &&
      (a.res.status < 400 || !policy || (!policy.statusCodes.includes(a.res.status) && !policy.shouldRetry))
    ) {
      return a;
    }
    const ctx = {
      attempt,
      method: prepared.method,
      url: prepared.url,
      ...(a ? { status: a.res.status, headers: a.res.headers } : { error }),
    };
    if (
      !policy ||
      error instanceof AbortError ||
      error instanceof TimeoutError ||
      error instanceof ValidationError
    ) {
      if (a) return a;
      logAttempt(s, undefined, undefined, error, prepared);
      throw error;
    }
    let retry = retries < policy.maxRetries && isRetryable(policy, ctx, idempotent, bodyReplayable);
    if (policy.shouldRetry) {
      const verdict = await policy.shouldRetry(ctx);
      if (verdict !== undefined) retry = verdict && retries < policy.maxRetries;
    }
    let delay = 0;
    if (retry) {
      const requested = a ? serverRequestedDelay(a.res.headers) : undefined;
      delay = requested ?? backoffDelay(policy, retries + 1);
      if (requested !== undefined && requested > policy.maxRetryAfterMs) retry = false;
      if (waited + delay > policy.maxTotalWaitMs) retry = false;
    }
    if (!retry) {
      if (a) return a;
      logAttempt(s, undefined, undefined, error, prepared);
      throw error;
    }
    if (a) {
      const { body, text } = await parseErrorBody(a.res);
      logAttempt(s, a, body ?? text);
      a.finish();
    } else {
      logAttempt(s, undefined, undefined, error, prepared);
    }
    s.log?.debug?.(`retrying ${prepared.method} ${redactUrl(prepared.url)} in ${delay} ms`, {
      attempt,
    });
    for (const hook of s.opts.hooks?.beforeRetry ?? []) {
      await hook({
        attempt,
        delayMs: delay,
        method: prepared.method,
        url: redactUrl(prepared.url),
        ...(a ? { status: a.res.status } : { error }),
      });
    }
    await sleep(delay, req.signal);
    waited += delay;
    retries++;
  }
}

async function runBeforeRequest(
  hooks: BeforeRequestHook[],
  first: PreparedRequest,
): Promise<PreparedRequest> {
  let prepared = first;
  for (const hook of hooks) {
    const replaced = await hook(prepared);
    if (replaced) prepared = replaced;
  }
  return prepared;
}
