import { HttpClientBase } from '@skyport/core';
import { httpOptions, send } from './agent.js';
import type { MultipartEncoder } from './multipart.js';
import { platform } from './platform.js';
import type { JSONResponse, ParticleOptions, RequestArgs, RequestContext } from './types.js';

const DEFAULTS = {
  baseUrl: 'https://api.particle.io',
  clientId: 'particle-api',
  clientSecret: 'particle-api',
  tokenDuration: 7776000,
};

const HTTP = Symbol('http');
export const SEND = Symbol('send');
/** The prototype slot holding the encoder `request({ files })` uses (see multipart.ts). */
export const MULTIPART = Symbol('multipart');

type Verb = Omit<RequestArgs, 'method'>;

/** Plumbing shared by every method: defaults, default auth, context headers, the HTTP verbs. */
export class ParticleBase {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  tokenDuration: number;
  context: RequestContext = {};
  protected _defaultAuth: string | undefined;
  protected readonly options: ParticleOptions;
  // A symbol, not #private: instances wrapped in a Proxy must still reach it.
  private [HTTP]: HttpClientBase | undefined;
  // On the prototype (never an own field): the full class and particleWith(…, { multipart }) set it.
  declare [MULTIPART]: MultipartEncoder | undefined;

  constructor(options: ParticleOptions = {}) {
    this.options = options;
    this.baseUrl = options.baseUrl ?? DEFAULTS.baseUrl;
    this.clientId = options.clientId ?? DEFAULTS.clientId;
    this.clientSecret = options.clientSecret ?? DEFAULTS.clientSecret;
    this.tokenDuration = options.tokenDuration ?? DEFAULTS.tokenDuration;
    if (options.auth) this.setDefaultAuth(options.auth);
  }

  setDefaultAuth(auth: string): void {
    if (typeof auth !== 'string' || auth.length === 0)
      throw new TypeError('Must pass a non-empty string representing an auth token!');
    this._defaultAuth = auth;
  }

  setBaseUrl(baseUrl: string): void {
    this.baseUrl = baseUrl;
  }

  setContext(name: 'tool' | 'project', context: unknown): void {
    if (context === undefined) return;
    if (name === 'tool') this.context.tool = context as RequestContext['tool'];
    else if (name === 'project') this.context.project = context as RequestContext['project'];
    else throw new TypeError(`unknown context name or undefined context: ${name}`);
  }

  /** Any Particle API call: `{ uri, method, auth, headers, query, data | form | files, context }`. */
  async request<T = any>(args: RequestArgs): Promise<JSONResponse<T>> {
    return this[SEND](args.method, args);
  }

  /**
   * @skyport/core's HttpClient carrying this instance's retry, timeout, logger, proxy, tls and transport
   * options (created on first use; requests and event streams share its connection pool).
   */
  get httpClient(): HttpClientBase {
    this[HTTP] ??= new HttpClientBase(httpOptions(this.options, this.baseUrl), platform);
    return this[HTTP];
  }

  // particle-api-js merges a call's context into the instance's (Object.assign onto this.context); so do we.
  [SEND](method: string, a: Verb, multipart = this[MULTIPART]): Promise<any> {
    let http: HttpClientBase;
    try {
      http = this.httpClient;
    } catch (err) {
      // Bad client options (e.g. a logger config in a browser build): a rejection, like every other failure.
      return Promise.reject(err);
    }
    const context = Object.assign(this.context, a.context);
    return send(http, this.baseUrl, method, a, a.auth || this._defaultAuth, context, multipart);
  }

  get<T = any>(a: Verb): Promise<JSONResponse<T>> {
    return this[SEND]('get', a);
  }
  head<T = any>(a: Verb): Promise<JSONResponse<T>> {
    return this[SEND]('head', a);
  }
  post<T = any>(a: Verb): Promise<JSONResponse<T>> {
    return this[SEND]('post', a);
  }
  put<T = any>(a: Verb): Promise<JSONResponse<T>> {
    return this[SEND]('put', a);
  }
  patch<T = any>(a: Verb): Promise<JSONResponse<T>> {
    return this[SEND]('patch', a);
  }
  delete<T = any>(a: Verb): Promise<JSONResponse<T>> {
    return this[SEND]('delete', a);
  }

  /** The token a call without `auth` uses. */
  _activeAuth(): string | undefined {
    return this._defaultAuth;
  }

  deviceUri({
    deviceId,
    product,
    org,
  }: {
    deviceId: string;
    product?: string | number;
    org?: string;
  }): string {
    if (org) return `/v1/orgs/${org}/devices/${deviceId}`;
    if (product) return `/v1/products/${product}/devices/${deviceId}`;
    return `/v1/devices/${deviceId}`;
  }
}
