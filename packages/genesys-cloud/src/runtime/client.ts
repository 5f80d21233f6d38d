// The modern client: environment/region/gateway resolution, auth, the OperationInvoker, notifications.
import {
  ConfigError,
  type GatewayOptions,
  gatewayUrls,
  type HttpClientBase,
  type HttpClientOptions,
  type RequestOptions,
  ValidationError,
} from '@skyport/core';
import { type AuthOptions, GenesysAuth } from './auth';
import type { CallOptions, OperationDescriptor, OperationInvoker } from './descriptor';
import type {
  NotificationHandler,
  Notifications,
  NotificationsOptions,
  Subscription,
  WebSocketFactory,
} from './notifications';
import { LENIENT_OPTIONS } from './paginate';
import { type Environment, type RegionName, regions, resolveEnvironment } from './regions';
import { toRequestOptions, unknownOptions } from './request';

export interface ClientOptions extends Omit<HttpClientOptions, 'baseUrl' | 'loginUrl' | 'auth'> {
  /** `mypurecloud.ie`, `api.mypurecloud.ie`, `https://api.mypurecloud.ie`, or a region key. Default us_east_1. */
  environment?: string;
  /** A key of `regions` (`eu_west_1`). */
  region?: RegionName;
  /** A gateway in front of Genesys Cloud (host, protocol, port, login and API path prefixes). */
  gateway?: GatewayOptions;
  /** Explicit URLs (tests, proxies); win over environment/region. */
  apiUrl?: string;
  loginUrl?: string;
  auth?: AuthOptions;
  /** Fail on option keys that match no parameter of the operation (typos). Default true. */
  strictOptions?: boolean;
  notifications?: NotificationsOptions;
  /** WebSocket used by notifications; the Node entry passes `ws`, the browser entry the native WebSocket. */
  webSocket?: WebSocketFactory;
}

export interface GenesysClient extends OperationInvoker {
  readonly environment: Environment;
  readonly http: HttpClientBase;
  readonly auth: GenesysAuth;
  readonly notifications: NotificationsApi;
  call<T>(operation: OperationDescriptor, args?: object, options?: CallOptions): Promise<T>;
  /** Any request the generated functions do not cover (path relative to the API URL). */
  request<T = unknown>(request: RequestOptions): Promise<T>;
  /** Closes notification sockets and the HTTP connection pool. */
  close(): Promise<void>;
}

/** `client.notifications`: the implementation loads on first use, so apps without notifications do not bundle it. */
export interface NotificationsApi {
  subscribe<T = unknown>(
    topics: readonly string[],
    handler?: NotificationHandler<T>,
  ): Promise<Subscription<T>>;
  close(): Promise<void>;
  /** The current channel id (undefined before the first subscription). */
  readonly channelId: string | undefined;
}

function lazyNotifications(load: () => Promise<Notifications>): NotificationsApi {
  let instance: Notifications | undefined;
  let loading: Promise<Notifications> | undefined;
  const get = () => {
    loading ??= load().then((n) => {
      instance = n;
      return n;
    });
    return loading;
  };
  return {
    subscribe: async (topics, handler) => (await get()).subscribe(topics, handler),
    close: async () => {
      if (loading) await (await loading).close();
    },
    get channelId() {
      return instance?.channelId;
    },
  };
}

/** What differs between entries: the HTTP client class and the WebSocket. */
export interface ClientPlatformHooks {
  createHttp(options: HttpClientOptions): HttpClientBase;
  webSocket?: WebSocketFactory;
  /** Loads the WebSocket implementation on first use (Node: `ws`), so importing the client stays cheap. */
  loadWebSocket?: () => Promise<WebSocketFactory>;
}

function environmentOf(o: ClientOptions): Environment {
  const given = [o.environment !== undefined, o.region !== undefined, o.gateway !== undefined].filter(
    Boolean,
  );
  if (given.length > 1) throw new ConfigError('pass only one of environment, region and gateway');
  let env: Environment;
  if (o.gateway) {
    env = gatewayUrls(o.gateway);
  } else if (o.region !== undefined) {
    const r = (regions as Record<string, (typeof regions)[RegionName]>)[o.region];
    if (!r) {
      throw new ConfigError(
        `unknown region ${JSON.stringify(o.region)}; known: ${Object.keys(regions).join(', ')}`,
      );
    }
    env = { apiUrl: r.apiUrl, loginUrl: r.loginUrl, streamingUrl: r.streamingUrl };
  } else {
    env = resolveEnvironment(o.environment ?? 'mypurecloud.com');
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

export function createClientWith(platform: ClientPlatformHooks, options: ClientOptions = {}): GenesysClient {
  if (typeof options !== 'object' || options === null)
    throw new ConfigError('createClient expects an options object');
  const {
    environment: _e,
    region: _r,
    gateway: _g,
    apiUrl: _a,
    loginUrl: _l,
    auth: authOptions,
    strictOptions = true,
    notifications: notificationOptions,
    webSocket,
    ...httpOptions
  } = options;
  const env = environmentOf(options);
  // The auth object is the HTTP client's token provider; it sends its own token requests through the same client.
  let auth: GenesysAuth | undefined;
  const http = platform.createHttp({
    ...httpOptions,
    baseUrl: env.apiUrl,
    loginUrl: env.loginUrl,
    auth: {
      getAccessToken: (o) => (auth as GenesysAuth).getAccessToken(o),
      onUnauthorized: (t) => (auth as GenesysAuth).onUnauthorized(t),
    },
  });
  auth = new GenesysAuth(authOptions, http, env.loginUrl);
  if (notificationOptions?.idleTimeoutMs !== undefined && !(notificationOptions.idleTimeoutMs >= 0)) {
    throw new ConfigError('notifications.idleTimeoutMs must be a non-negative number');
  }
  const notifications = lazyNotifications(async () => {
    const [m, loaded] = await Promise.all([
      import('./notifications'),
      webSocket ? undefined : platform.loadWebSocket?.(),
    ]);
    return new m.Notifications(http, webSocket ?? loaded ?? platform.webSocket, notificationOptions);
  });

  return {
    environment: env,
    http,
    auth,
    notifications,
    async call<T>(operation: OperationDescriptor, args?: object, init?: CallOptions): Promise<T> {
      if (!operation || typeof operation.path !== 'string' || !Array.isArray(operation.params)) {
        throw new ValidationError('call: the first argument must be an operation descriptor');
      }
      if (args !== undefined && (typeof args !== 'object' || args === null || Array.isArray(args))) {
        throw new ValidationError(`${operation.id}: options must be an object`);
      }
      if (strictOptions && !(args as Record<symbol, unknown> | undefined)?.[LENIENT_OPTIONS]) {
        const unknown = unknownOptions(operation, args);
        if (unknown.length > 0) {
          const known = operation.params.map((p) => p.key).join(', ') || 'none';
          throw new ValidationError(
            `${operation.id}: unknown option${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => JSON.stringify(k)).join(', ')} (parameters: ${known})`,
          );
        }
      }
      const request = toRequestOptions(operation, args, init);
      if (operation.responseType === 'none') {
        await http.request(request);
        return undefined as T;
      }
      return http.request<T>(request);
    },
    request: <T>(request: RequestOptions) => http.request<T>(request),
    async close() {
      await notifications.close();
      const closable = http as unknown as { close?: () => Promise<void> | void };
      await closable.close?.();
    },
  };
}
