// What every client shares: environment/region/gateway resolution, the HTTP client, and the OperationInvoker
// (validated options → request). Sign-in and notifications are added by the caller (./client.ts for createClient,
// ../modular for the one-grant client), so this module references neither.
import {
  ConfigError,
  type GatewayOptions,
  type HttpClientBase,
  type HttpClientCore,
  type HttpClientOptions,
  type RequestOptions,
  type TokenProvider,
  ValidationError,
} from '@skyport/core';
import type { CallOptions, OperationDescriptor, OperationInvoker } from './descriptor';
import { type Environment, environmentIn, hostsOf, type RegionName, type RegionTable } from './environment';
import { toRequestOptions } from './request';

export interface BaseClientOptions extends Omit<HttpClientOptions, 'baseUrl' | 'loginUrl' | 'auth'> {
  /** `mypurecloud.ie`, `api.mypurecloud.ie`, `https://api.mypurecloud.ie`, or a region key. Default us_east_1. */
  environment?: string;
  /** A region key (`eu_west_1`), as in the `regions` table. */
  region?: RegionName;
  /** A gateway in front of Genesys Cloud (host, protocol, port, login and API path prefixes). */
  gateway?: GatewayOptions;
  /** Explicit URLs (tests, proxies); win over environment/region. */
  apiUrl?: string;
  loginUrl?: string;
  /**
   * Fail on option keys that match no parameter of the operation (typos). Default true for createClient; the
   * modular client checks them when given the strictOptions stage.
   */
  strictOptions?: boolean;
}

/**
 * A client: `A` is its `auth` (createClient: GenesysAuth; the modular client: the sign-in it was given), `H` its
 * HTTP client (createClient: HttpClientBase; the modular client: HttpClientCore).
 */
export interface BaseClient<A, H extends HttpClientCore = HttpClientBase> extends OperationInvoker {
  readonly environment: Environment;
  readonly http: H;
  readonly auth: A;
  call<T>(operation: OperationDescriptor, args?: object, options?: CallOptions): Promise<T>;
  /** Any request the generated functions do not cover (path relative to the API URL). */
  request<T = unknown>(request: RequestOptions): Promise<T>;
  /** Closes the HTTP connection pool (createClient's client: notification sockets too). */
  close(): Promise<void>;
}

/** The check of a call's option keys (request.ts's checkUnknownOptions): throws on keys the operation lacks. */
export type OptionsCheck = (op: OperationDescriptor, args: object | undefined) => void;

/** Turns gateway options into URLs: core's gatewayUrls, which the modular client leaves to the app. */
export type GatewayResolver = (g: GatewayOptions) => { apiUrl: string; loginUrl: string };

/** What differs between the clients built on createBaseClient; the modular client's come from its stages. */
export interface BaseClientParts {
  /** Turns a `gateway` option into URLs (createClient: core's gatewayUrls; modular: none, the app calls it). */
  gatewayUrls?: GatewayResolver;
  /** The unknown-option check (`strictOptions`, on by default when given). */
  checkOptions?: OptionsCheck;
  /** Region keys of `region` and `environment` (createClient: REGION_DOMAINS; modular: the regionKeys stage). */
  regions?: RegionTable;
}

function environmentOf(o: BaseClientOptions, { gatewayUrls, regions }: BaseClientParts): Environment {
  const given = [o.environment !== undefined, o.region !== undefined, o.gateway !== undefined].filter(
    Boolean,
  );
  if (given.length > 1) throw new ConfigError('pass only one of environment, region and gateway');
  let env: Environment;
  if (o.gateway) {
    if (!gatewayUrls) {
      throw new ConfigError('pass a gateway as URLs here: createClient({ ...gatewayUrls(gateway) })');
    }
    env = gatewayUrls(o.gateway);
  } else if (o.region !== undefined) {
    const domain = regions?.[o.region];
    if (!domain) {
      throw new ConfigError(
        `unknown region ${JSON.stringify(o.region)}; known: ${Object.keys(regions ?? {}).join(', ')}`,
      );
    }
    env = hostsOf(domain);
  } else {
    env = environmentIn(o.environment ?? 'mypurecloud.com', regions);
  }
  if (o.apiUrl) env = { ...env, apiUrl: checkUrl('apiUrl', o.apiUrl) };
  if (o.loginUrl) env = { ...env, loginUrl: checkUrl('loginUrl', o.loginUrl) };
  return env;
}

function checkUrl(name: string, value: string): string {
  try {
    const u = new URL(value);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
    return value.replace(/\/+$/, '');
  } catch {
    throw new ConfigError(`${name} must be an http(s) URL (got ${JSON.stringify(value)})`);
  }
}

/**
 * Builds a client: `createHttp` makes the entry's HTTP client, `makeAuth` the client's `auth` (its token provider,
 * which sends its own token requests through the same HTTP client), `parts` what differs between clients. Option
 * keys of the caller's layer (`auth`, `notifications`, `webSocket`, `use`) are not passed on to the HTTP client.
 */
export function createBaseClient<
  A extends TokenProvider | undefined,
  H extends HttpClientCore = HttpClientBase,
>(
  createHttp: (options: HttpClientOptions) => H,
  options: BaseClientOptions & {
    auth?: unknown;
    notifications?: unknown;
    webSocket?: unknown;
    use?: unknown;
  },
  makeAuth: (http: H, env: Environment) => A,
  parts: BaseClientParts,
): BaseClient<A, H> {
  if (typeof options !== 'object' || options === null)
    throw new ConfigError('createClient expects an options object');
  const {
    environment: _e,
    region: _r,
    gateway: _g,
    apiUrl: _a,
    loginUrl: _l,
    auth: _auth,
    strictOptions = !!parts.checkOptions,
    notifications: _n,
    webSocket: _w,
    use: _u,
    ...httpOptions
  } = options;
  const env = environmentOf(options, parts);
  const checkOptions = parts.checkOptions;
  let auth: A | undefined;
  const http = createHttp({
    ...httpOptions,
    baseUrl: env.apiUrl,
    loginUrl: env.loginUrl,
    auth: {
      getAccessToken: async (o) => auth?.getAccessToken(o),
      onUnauthorized: async (t) => (await auth?.onUnauthorized?.(t)) ?? false,
    },
  });
  auth = makeAuth(http, env);

  return {
    environment: env,
    http,
    auth,
    async call<T>(operation: OperationDescriptor, args?: object, init?: CallOptions): Promise<T> {
      if (!operation || typeof operation.path !== 'string' || !Array.isArray(operation.params)) {
        throw new ValidationError('call: the first argument must be an operation descriptor');
      }
      if (args !== undefined && (typeof args !== 'object' || args === null || Array.isArray(args))) {
        throw new ValidationError(`${operation.id}: options must be an object`);
      }
      if (strictOptions) checkOptions!(operation, args);
      const request = toRequestOptions(operation, args, init);
      if (operation.responseType === 'none') {
        await http.request(request);
        return undefined as T;
      }
      return http.request<T>(request);
    },
    request: <T>(request: RequestOptions) => http.request<T>(request),
    async close() {
      const closable = http as unknown as { close?: () => Promise<void> | void };
      await closable.close?.();
    },
  };
}
