// The pluggable HTTP layer of purecloud-platform-client-v2 (AbstractHttpClient, HttpRequestOptions,
// DefaultHttpClient), with DefaultHttpClient sending through @skyport/core's HttpClient instead of axios.
import {
  ApiError,
  HttpClient as CoreHttpClient,
  type HttpClientOptions,
  type ProxyOptions,
  type TlsOptions,
} from '@skyport/core';

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
    const headers = config.headers ?? {};
    const body = config.data;
    let response: HttpResponse;
    try {
      const res = await this.client().requestExtended({
        method: config.method,
        path: config.url,
        headers,
        auth: false,
        timeout: config.timeout || this.timeout,
        ...(config.signal ? { signal: config.signal } : {}),
        ...(body === undefined
          ? {}
          : typeof body === 'string'
            ? { body, bodyType: 'raw' as const }
            : body instanceof FormData
              ? { body, bodyType: 'multipart' as const }
              : body instanceof URLSearchParams
                ? { body: body.toString(), bodyType: 'raw' as const }
                : { body: JSON.stringify(body), bodyType: 'raw' as const }),
      });
      response = {
        status: res.status,
        statusText: res.statusText,
        headers: res.headers,
        // An empty body reads as '' (as the official SDK's HTTP library gives it).
        data: res.body === undefined ? (res.text ?? '') : res.body,
        text: res.text,
        config,
      };
    } catch (err) {
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
    }
    if (this.postHook) response = (await this.postHook(response)) ?? response;
    return response;
  }
}
