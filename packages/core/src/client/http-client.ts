// The request pipeline: build → auth → hooks → transport (with timeout) → retry/401 → parse → errors.
import { isTokenProvider, type TokenProvider } from '../auth/types.js';
import { AbortError, ApiError, ConfigError, TimeoutError, ValidationError } from '../errors/index.js';
import { logAttempt } from '../logging/attempt-log.js';
import { isLogger } from '../logging/logger.js';
import { redactUrl } from '../logging/redact.js';
import type { Logger, LoggerOptions } from '../logging/types.js';
import {
  backoffDelay,
  isIdempotentMethod,
  isRetryable,
  type ResolvedRetry,
  resolveRetry,
  serverRequestedDelay,
} from '../retry/policy.js';
import { sleep } from '../retry/sleep.js';
import { TRANSPORT_BODY, type TransportBodyHandle } from '../streaming/transport-body.js';
import type {
  ClosableTransport,
  Transport,
  TransportOptions,
  TransportResponse,
} from '../transport/types.js';
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

/**
 * What differs between Node and browsers, and the optional stages of the pipeline. HttpClientBase always has every
 * stage; HttpClientCore (the kernel) runs a stage only when its platform brings it, so a lean client (the modular
 * Genesys client in browsers) bundles the stages its app imports and no others.
 */
export interface ClientPlatform {
  createTransport(o: TransportOptions): ClosableTransport;
  /**
   * Turns LoggerOptions into a Logger. A platform without the logging stage gets every `logger` option here, a
   * ready Logger too, and must refuse it (a ConfigError naming the stage): the kernel logs only through the stage.
   */
  createLogger(o: LoggerOptions): Logger;
  /** The logging stage: writes one entry per attempt (HttpClientBase always has it). */
  logAttempt?: typeof logAttempt;
  pathToBlob?: PathToBlob;
  /**
   * JSON, form, multipart, text and binary serialisation (core's platforms pass body.ts's serializeBody; a lean
   * client serializeJsonBody). HttpClientBase without one sends bodies as given (strings, bytes, Blobs, FormData,
   * streams): a client that builds its own wire bodies then carries no serializer code. HttpClientCore needs one
   * (KernelPlatform).
   */
  serializeBody?(
    body: unknown,
    bodyType: BodyType | undefined,
    pathToBlob?: PathToBlob,
  ): Promise<SerializedBody>;
}

/** The platform of HttpClientCore: a body serializer is required (HttpClientBase brings one by default). */
export type KernelPlatform = ClientPlatform & Required<Pick<ClientPlatform, 'serializeBody'>>;

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

/** A timeout option (client or request) is a positive number of ms when given. */
function checkTimeout(t: number | undefined, E: typeof ConfigError | typeof ValidationError): void {
  if (t !== undefined && !(Number.isFinite(t) && t > 0)) {
    throw new E(`timeout must be a positive number of ms (got ${t})`);
  }
}

/** The body of a request without one: shared, never mutated. */
const NO_BODY: SerializedBody = Object.freeze({ body: undefined, replayable: true });

/**
 * The request pipeline without requestRaw(): what a client needs that only reads parsed bodies (the modular
 * Genesys client in browsers). HttpClientBase adds requestRaw() (streams, downloads).
 */
export class HttpClientCore {
  #opts!: HttpClientOptions;
  #transport!: Transport;
  #ownTransport: ClosableTransport | undefined;
  #log: Logger | undefined;
  /** The client-level retry policy, resolved once per configuration rather than on every request. */
  #retryPolicy!: ResolvedRetry | false;

  // ES private names (#) rather than TypeScript `private`: bundlers can shorten them, and this class is in every
  // app's bundle.
  readonly #platform: KernelPlatform;

  constructor(options: HttpClientOptions, platform: KernelPlatform) {
    this.#platform = platform;
    if (!options || typeof options !== 'object') throw new ConfigError('HttpClient needs an options object');
    this.#apply({ ...options });
  }

  get options(): Readonly<HttpClientOptions> {
    return this.#opts;
  }

  /** The active logger (undefined when logging is off). */
  get logger(): Logger | undefined {
    return this.#log;
  }

  /**
   * Live changes: base URLs, headers, proxy/TLS (rebuilds the connection pool), retry, auth, logging…
   * Validated first: on error nothing changes.
   */
  configure(patch: Partial<HttpClientOptions>): void {
    this.#apply({ ...this.#opts, ...patch }, patch);
  }

  /** Releases pooled connections of the built-in transport. */
  async close(): Promise<void> {
    await this.#ownTransport?.close?.();
  }

  /**
   * Checks and applies a configuration: all of it (constructor), or the options after `patch` (configure), where
   * the logger and the transport are rebuilt only when the patch names them. A failed check changes nothing.
   */
  #apply(o: HttpClientOptions, patch?: Partial<HttpClientOptions>): void {
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
    checkTimeout(o.timeout, ConfigError);
    if (o.auth !== undefined && !isTokenProvider(o.auth) && !(typeof o.auth === 'string' && o.auth)) {
      throw new ConfigError(
        'auth must be a TokenProvider (an object with getAccessToken) or a non-empty token',
      );
    }
    const p = this.#platform;
    const l = o.logger;
    const log =
      patch && !('logger' in patch)
        ? this.#log
        : l === undefined || (isLogger(l) && p.logAttempt)
          ? l
          : p.createLogger(l as LoggerOptions);
    const old = this.#ownTransport;
    let own = old;
    if (!patch || 'transport' in patch || 'proxy' in patch || 'tls' in patch) {
      own = o.transport ? undefined : p.createTransport({ proxy: o.proxy, tls: o.tls });
      this.#transport = o.transport ?? own!;
    }
    this.#opts = o;
    this.#retryPolicy = resolveRetry(o.retry);
    if (log !== this.#log) {
      this.#log?.close?.();
      this.#log = log;
    }
    // Requests in flight on the old pool finish; then it closes.
    this.#ownTransport = own;
    if (old !== own) void old?.close?.().catch(() => {});
  }

  /** Resolves to the parsed body, or to an ExtendedResponse when extended responses are on. */
  request<T = unknown>(req: RequestOptions): Promise<T> {
    return this.#run(req, (req?.extended ?? this.#opts.extendedResponses) === true) as Promise<T>;
  }

  requestExtended<T = unknown>(req: RequestOptions): Promise<ExtendedResponse<T>> {
    return this.#run(req, true) as Promise<ExtendedResponse<T>>;
  }

  async #run(req: RequestOptions, extended: boolean): Promise<unknown> {
    const type = req?.responseType ?? 'auto';
    if (type === 'stream') throw new ValidationError("responseType 'stream' needs requestRaw()");
    const a = await this.openAttempt(req);
    try {
      let parsed: Awaited<ReturnType<typeof parseBody>>;
      try {
        parsed = await parseBody(a.res, type);
      } catch (err) {
        const mapped = a.mapError(err);
        this.logAttempt(a, undefined, mapped);
        throw mapped;
      }
      this.logAttempt(a, parsed.body);
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

  // Plain (protected) names, not symbol keys: a class with computed member keys cannot be dropped by bundlers
  // when unused, and every app importing anything from core would carry it.
  /** Runs the request; a failing status (>= 400) rejects with ApiError, its attempt finished. */
  protected async openAttempt(req: RequestOptions): Promise<Attempt> {
    const a = await this.#execute(req);
    if (a.res.status >= 400) {
      try {
        throw await this.#apiError(a);
      } finally {
        a.finish();
      }
    }
    return a;
  }

  async #apiError(a: Attempt): Promise<ApiError> {
    const { body, text } = await parseErrorBody(a.res);
    this.logAttempt(a, body ?? text);
    return new ApiError({
      status: a.res.status,
      statusText: a.res.statusText,
      headers: a.res.headers,
      body,
      text,
      request: { method: a.prepared.method, url: redactUrl(a.prepared.url) },
    });
  }

  /**
   * Logs one attempt through the logging stage: with its response (`a`), or a failure before any response (`a`
   * undefined, `prepared`). A platform without the stage refuses every logger (see ClientPlatform.createLogger).
   */
  protected logAttempt(
    a: Attempt | undefined,
    responseBody: unknown,
    error?: unknown,
    prepared: PreparedRequest = a!.prepared,
  ): void {
    if (this.#log) this.#platform.logAttempt?.(this.#log, a, responseBody, error, prepared);
  }

  /** The request's own auth (false: none; a token or a provider), else the client's. */
  #resolveAuth(req: RequestOptions): TokenProvider | string | undefined {
    const a = req.auth;
    if (a === false) return undefined;
    return typeof a === 'string' || (a && typeof a === 'object') ? a : this.#opts.auth;
  }

  /** Builds the request of one attempt; a promise only when beforeRequest hooks have to run. */
  #prepare(
    req: RequestOptions,
    method: string,
    attempt: number,
    token: string | undefined,
    serialized: SerializedBody,
  ): PreparedRequest | Promise<PreparedRequest> {
    const base = req.base === 'login' ? (this.#opts.loginUrl ?? this.#opts.baseUrl) : this.#opts.baseUrl;
    const url = appendQuery(
      joinUrl(base, fillPath(req.path, req.pathParams)),
      queryPairs(req.query, req.queryFormat),
    );
    const headers: Record<string, string> = {};
    addLowerKeys(headers, this.#opts.headers);
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
    const hooks = this.#opts.hooks?.beforeRequest;
    return hooks && hooks.length > 0 ? runBeforeRequest(hooks, prepared) : prepared;
  }

  async #execute(req: RequestOptions): Promise<Attempt> {
    if (!req || typeof req.method !== 'string' || !req.method || typeof req.path !== 'string') {
      throw new ValidationError('request needs a method and a path');
    }
    checkRecord('query', req.query);
    checkRecord('pathParams', req.pathParams);
    checkRecord('headers', req.headers);
    checkTimeout(req.timeout, ValidationError);
    const policy: ResolvedRetry | false =
      req.retry === undefined ? this.#retryPolicy : resolveRetry(this.#opts.retry, req.retry);
    const method = req.method.toUpperCase();
    const idempotent = req.idempotent ?? isIdempotentMethod(policy, method);
    // Serialised once: multipart parts read from streams or files are reused by every attempt.
    const p = this.#platform;
    const serialized =
      req.body === undefined ? NO_BODY : await p.serializeBody(req.body, req.bodyType, p.pathToBlob);
    const bodyReplayable = serialized.replayable;
    const auth = this.#resolveAuth(req);
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
      let prepared = this.#prepare(req, method, attempt, token, serialized);
      if (prepared instanceof Promise) prepared = await prepared;
      let a: Attempt | undefined;
      let error: unknown;
      try {
        a = await sendAttempt(
          this.#transport,
          this.#opts.hooks?.afterResponse,
          prepared,
          req,
          req.timeout ?? this.#opts.timeout,
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
          this.logAttempt(a, undefined);
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
      // Aborts, timeouts and invalid requests are final whatever the policy says.
      const final =
        !policy ||
        error instanceof AbortError ||
        error instanceof TimeoutError ||
        error instanceof ValidationError;
      let retry =
        !final && retries < policy.maxRetries && isRetryable(policy, ctx, idempotent, bodyReplayable);
      if (!final && policy.shouldRetry) {
        const verdict = await policy.shouldRetry(ctx);
        if (verdict !== undefined) retry = verdict && retries < policy.maxRetries;
      }
      let delay = 0;
      if (retry && policy) {
        const requested = a ? serverRequestedDelay(a.res.headers) : undefined;
        delay = requested ?? backoffDelay(policy, retries + 1);
        if (requested !== undefined && requested > policy.maxRetryAfterMs) retry = false;
        if (waited + delay > policy.maxTotalWaitMs) retry = false;
      }
      if (!retry) {
        if (a) return a;
        this.logAttempt(undefined, undefined, error, prepared);
        throw error;
      }
      if (a) {
        const { body, text } = await parseErrorBody(a.res);
        this.logAttempt(a, body ?? text);
        a.finish();
      } else {
        this.logAttempt(undefined, undefined, error, prepared);
      }
      this.#log?.debug?.(`retrying ${prepared.method} ${redactUrl(prepared.url)} in ${delay} ms`, {
        attempt,
      });
      for (const hook of this.#opts.hooks?.beforeRetry ?? []) {
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

/** Bodies as given, for a platform without a serializer (see ClientPlatform.serializeBody). */
const sendAsGiven = (body: unknown) => rawBody(body);

/** The whole client: HttpClientCore with every stage, and requestRaw() (streams, downloads). */
export class HttpClientBase extends HttpClientCore {
  constructor(options: HttpClientOptions, platform: ClientPlatform) {
    super(options, { serializeBody: sendAsGiven, ...platform, logAttempt });
  }

  /** The raw response with an unread body (SSE, downloads). Failing statuses still reject with ApiError. */
  async requestRaw(req: RequestOptions): Promise<TransportResponse> {
    const a = await this.openAttempt(req);
    this.logAttempt(a, undefined);
    // Headers arrived: the timeout no longer applies, but the caller's signal still aborts the body.
    a.clearTimer();
    const body = a.res.body;
    const wrapped: (AsyncIterable<Uint8Array> & TransportBodyHandle) | null = body
      ? {
          async *[Symbol.asyncIterator]() {
            try {
              for await (const chunk of body) yield chunk;
            } catch (err) {
              throw a.mapError(err);
            } finally {
              a.finish();
            }
          },
          // For a reader that takes the transport's body as it is (streaming/body-text.node.ts reads undici's
          // stream by its events, much cheaper than its async iterator); it must end with finish(mapError(err)).
          [TRANSPORT_BODY]: a,
        }
      : null;
    return { ...a.res, body: wrapped };
  }
}
