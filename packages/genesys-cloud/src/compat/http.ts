// The pluggable HTTP layer of purecloud-platform-client-v2 (AbstractHttpClient, HttpRequestOptions,
// DefaultHttpClient), with DefaultHttpClient sending through @skyport/core's HttpClient instead of axios.
import {
  AbortError,
  ApiError,
  HttpClient as CoreHttpClient,
  type HttpClientOptions,
  type ProxyOptions,
  type RequestOptions,
  redactUrl,
  TimeoutError,
  type TlsOptions,
} from '@skyport/core';
import { type DeadlineSlot, Deadlines } from './deadline';
import { compatPlatform } from './platform';

/** Timeouts of every compat request in this process (see deadline.ts). */
export const deadlines = new Deadlines((signal) => compatPlatform().sharedSignal?.(signal));

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'];

/** One request as handed to an http client (`setHttpClient`). */
export class HttpRequestOptions {
  url!: string;
  method!: string;
  headers?: Record<string, string>;
  /** Query parameters, already serialised by the ApiClient (the URL carries them too). */
  params?: Record<string, string>;
  data?: unknown;
  timeout = 16000;
  /** Skyport addition: aborts the request. */
  signal?: AbortSignal;

  constructor(
    url: string,
    method: string,
    headers?: Record<string, string> | null,
    params?: Record<string, string> | null,
    data?: unknown,
    timeout?: number | null,
  ) {
    this.setUrl(url);
    this.setMethod(method);
    if (headers) this.setHeaders(headers);
    if (params) this.setParams(params);
    if (data !== undefined && data !== null && data !== '') this.setData(data);
    if (timeout !== undefined && timeout !== null) this.setTimeout(timeout);
  }

  setUrl(url: string): void {
    if (!url || typeof url !== 'string') throw new TypeError('HttpRequestOptions: url is required');
    this.url = url;
  }

  setMethod(method: string): void {
    const upper = typeof method === 'string' ? method.toUpperCase() : '';
    if (!METHODS.includes(upper)) {
      throw new TypeError(`HttpRequestOptions: method must be one of ${METHODS.join(', ')} (got ${method})`);
    }
    this.method = upper;
  }

  setData(data: unknown): void {
    if (data === undefined || data === null)
      throw new TypeError('HttpRequestOptions: data must not be empty');
    this.data = data;
  }

  setParams(params: Record<string, string>): void {
    if (params && typeof params !== 'object')
      throw new TypeError('HttpRequestOptions: params must be an object');
    this.params = params;
  }

  setHeaders(headers: Record<string, string>): void {
    if (headers && typeof headers !== 'object')
      throw new TypeError('HttpRequestOptions: headers must be an object');
    this.headers = headers;
  }

  setTimeout(timeout: number): void {
    if (typeof timeout !== 'number' || !Number.isFinite(timeout)) {
      throw new TypeError(`HttpRequestOptions: timeout must be a number of ms (got ${timeout})`);
    }
    this.timeout = timeout;
  }
}

/** What an http client resolves to (the shape of an axios response, plus the raw text). */
export interface HttpResponse {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  data: unknown;
  text?: string;
  config?: unknown;
}

/** Rejection of an http client for a response with an error status; `response` holds what came back. */
export interface HttpClientError extends Error {
  response?: HttpResponse;
}

export type PreHook = (
  config: HttpRequestOptions,
) => HttpRequestOptions | undefined | Promise<HttpRequestOptions | undefined>;
export type PostHook = (
  response: HttpResponse,
) => HttpResponse | undefined | Promise<HttpResponse | undefined>;

/** Base class of http clients given to `ApiClient.setHttpClient`. */
export abstract class AbstractHttpClient {
  timeout = 16000;
  httpsAgent?: unknown;
  preHook?: PreHook;
  postHook?: PostHook;

  setTimeout(timeout: number): void {
    if (typeof timeout !== 'number' || !Number.isFinite(timeout)) {
      throw new TypeError(`timeout must be a number of ms (got ${timeout})`);
    }
    this.timeout = timeout;
  }

  setHttpsAgent(httpsAgent: unknown): void {
    if (httpsAgent && typeof httpsAgent !== 'object') throw new TypeError('httpsAgent must be an object');
    this.httpsAgent = httpsAgent;
  }

  /** Resolves with the response for 2xx/3xx; rejects with an error carrying `response` otherwise. */
  abstract request(options: HttpRequestOptions): Promise<HttpResponse>;

  enableHooks(): void {}

  setPreHook(hook: PreHook): void {
    if (typeof hook !== 'function' || hook.length !== 1) {
      throw new TypeError('preHook must be a function taking one argument (the request options)');
    }
    this.preHook = hook;
    this.enableHooks();
  }

  setPostHook(hook: PostHook): void {
    if (typeof hook !== 'function' || hook.length !== 1) {
      throw new TypeError('postHook must be a function taking one argument (the response)');
    }
    this.postHook = hook;
    this.enableHooks();
  }
}

/** Reads proxy and TLS settings from an agent object (https-proxy-agent style `proxy`, https.Agent `options`). */
export function agentSettings(agent: unknown): { proxy?: ProxyOptions | string; tls?: TlsOptions } {
  if (!agent || typeof agent !== 'object') return {};
  const a = agent as { proxy?: unknown; options?: Record<string, unknown> };
  const out: { proxy?: ProxyOptions | string; tls?: TlsOptions } = {};
  if (a.proxy instanceof URL) out.proxy = a.proxy.href;
  else if (typeof a.proxy === 'string') out.proxy = a.proxy;
  else if (
    a.proxy &&
    typeof a.proxy === 'object' &&
    typeof (a.proxy as { href?: unknown }).href === 'string'
  ) {
    out.proxy = (a.proxy as { href: string }).href;
  }
  const o = a.options;
  if (o && (o.cert || o.key || o.ca || o.rejectUnauthorized === false)) {
    const tls: TlsOptions = {};
    if (o.cert) tls.cert = o.cert as string;
    if (o.key) tls.key = o.key as string;
    if (o.ca) tls.ca = o.ca as string;
    if (typeof o.passphrase === 'string') tls.passphrase = o.passphrase;
    if (typeof o.rejectUnauthorized === 'boolean') tls.rejectUnauthorized = o.rejectUnauthorized;
    out.tls = tls;
  }
  return out;
}

/**
 * The default http client: @skyport/core's HttpClient (undici on Node, fetch in browsers) with retries off, so
 * each SDK call is one request on the wire as with the official package.
 */
export class DefaultHttpClient extends AbstractHttpClient {
  private core: CoreHttpClient | undefined;
  private settings: Partial<HttpClientOptions> = {};

  constructor(timeout?: number | null, httpsAgent?: unknown) {
    super();
    if (timeout !== undefined && timeout !== null) this.setTimeout(timeout);
    if (httpsAgent !== undefined && httpsAgent !== null) this.setHttpsAgent(httpsAgent);
  }

  override setHttpsAgent(httpsAgent: unknown): void {
    super.setHttpsAgent(httpsAgent);
    const { proxy, tls } = agentSettings(httpsAgent);
    this.configure({ proxy, tls });
  }

  /** Skyport addition: proxy, TLS, transport or retry settings of the underlying core HttpClient. */
  configure(patch: Partial<HttpClientOptions>): void {
    const next = { ...this.settings };
    for (const [k, v] of Object.entries(patch) as [keyof HttpClientOptions, unknown][]) {
      if (v === undefined) delete next[k];
      else (next as Record<string, unknown>)[k] = v;
    }
    this.settings = next;
    const old = this.core;
    this.core = undefined;
    if (old) void old.close().catch(() => {});
  }

  /** Releases pooled connections. */
  async close(): Promise<void> {
    const core = this.core;
    this.core = undefined;
    await core?.close();
  }

  private client(): CoreHttpClient {
    if (!this.core) {
      this.core = new CoreHttpClient({ retry: false, ...this.settings, baseUrl: 'http://localhost' });
    }
    return this.core;
  }

  async request(options: HttpRequestOptions): Promise<HttpResponse> {
    if (!(options instanceof HttpRequestOptions)) {
      throw new TypeError('DefaultHttpClient.request needs an HttpRequestOptions instance');
    }
    let config = options;
    if (this.preHook) config = (await this.preHook(config)) ?? config;
    const body = config.data;
    const timeout = config.timeout || this.timeout;
    const request: RequestOptions = {
      method: config.method,
      path: config.url,
      headers: config.headers ?? {},
      auth: false,
    };
    // One request per call (no retries) without a signal of the caller: a shared deadline signal. Otherwise (or
    // for a timeout core refuses) @skyport/core times each attempt itself.
    let slot: DeadlineSlot | undefined;
    if (config.signal || !(timeout > 0) || (this.settings.retry ?? false) !== false) {
      request.timeout = timeout;
      if (config.signal) request.signal = config.signal;
    } else {
      slot = deadlines.acquire(timeout);
      request.signal = slot.signal;
    }
    if (body !== undefined) {
      request.bodyType = body instanceof FormData ? 'multipart' : 'raw';
      request.body =
        typeof body === 'string' || body instanceof FormData
          ? body
          : body instanceof URLSearchParams
            ? body.toString()
            : JSON.stringify(body);
    }
    let response: HttpResponse;
    try {
      const res = await this.client().requestExtended(request);
      response = {
        status: res.status,
        statusText: res.statusText,
        headers: res.headers,
        // An empty body reads as '' (as the official SDK's HTTP library gives it).
        data: res.body === undefined ? (res.text ?? '') : res.body,
        text: res.text,
        config,
      };
    } catch (caught) {
      let err = caught;
      if (slot?.expired && err instanceof AbortError) {
        const summary = { method: config.method, url: redactUrl(config.url) };
        err = new TimeoutError(`${summary.method} ${summary.url} timed out after ${timeout} ms`, timeout, {
          cause: caught,
          request: summary,
        });
      }
      if (err instanceof ApiError) {
        const failed: HttpResponse = {
          status: err.status,
          statusText: err.statusText,
          headers: err.headers,
          data: err.body === undefined ? (err.text ?? '') : err.body,
          text: err.text,
          config,
        };
        (err as HttpClientError).response = this.postHook
          ? ((await this.postHook(failed)) ?? failed)
          : failed;
      }
      throw err;
    } finally {
      slot?.release();
    }
    if (this.postHook) response = (await this.postHook(response)) ?? response;
    return response;
  }
}
