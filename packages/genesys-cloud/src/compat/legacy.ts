// Seed 000's legacy API: PureCloudSession({ strategy, ... }) with login()/logout()/debugLog, and API classes
// constructed from a session (`purecloud.UsersApi(session)` with or without `new`, legacy method names such as
// `getMe` mapped to today's `getUsersMe`). A thin adapter over the compat ApiClient.
import { ConfigError } from '@skyport/core';
import { apiClasses } from '../generated/compat/classes';
import type { CallOptions, OperationDescriptor, OperationInvoker } from '../runtime/descriptor';
import { ApiClient } from './api-client';
import type { DefaultHttpClient } from './http';

export type SessionStrategy = 'client-credentials' | 'implicit' | 'token';

export interface PureCloudSessionOptions {
  strategy?: SessionStrategy;
  clientId?: string;
  clientSecret?: string;
  /** Implicit strategy: the OAuth client's redirect URI. */
  redirectUrl?: string;
  /** Token strategy: an existing access token. */
  token?: string;
  /** `mypurecloud.ie` etc. Default mypurecloud.com. */
  environment?: string;
  /** Persist the token in localStorage under this key (browsers). */
  storageKey?: string;
  /** Proxy URL, e.g. `http://my-corporate-proxy:1080` (Node). */
  proxy?: string;
  /** Skyport: a gateway (e.g. a local sandbox), as ApiClient.setGateway takes it. */
  gateway?: Parameters<ApiClient['setGateway']>[0];
}

const REQUIRED: Record<SessionStrategy, (keyof PureCloudSessionOptions)[]> = {
  'client-credentials': ['clientId', 'clientSecret'],
  implicit: ['clientId', 'redirectUrl'],
  token: ['token'],
};

function checkStrategy(options: PureCloudSessionOptions): void {
  const needed = options.strategy ? REQUIRED[options.strategy] : undefined;
  if (!needed) {
    throw new ConfigError(
      `PureCloudSession: strategy must be 'client-credentials', 'implicit' or 'token' (got ${JSON.stringify(options.strategy)})`,
    );
  }
  for (const key of needed) {
    if (typeof options[key] !== 'string' || !options[key]) {
      throw new ConfigError(`PureCloudSession: the '${options.strategy}' strategy needs options.${key}`);
    }
  }
}

export class Session implements OperationInvoker {
  readonly apiClient: ApiClient;
  readonly options: Readonly<PureCloudSessionOptions>;
  private debug: (...args: unknown[]) => void = () => {};

  constructor(options: PureCloudSessionOptions) {
    if (!options || typeof options !== 'object') {
      throw new ConfigError('PureCloudSession needs an options object with a strategy');
    }
    // A session may be created without a strategy (seed 000's proxy example); login() then says what is missing.
    if (options.strategy !== undefined) checkStrategy(options);
    this.options = { ...options };
    const client = new ApiClient({ register: false });
    client.errorStyle = 'legacy';
    if (options.environment) client.setEnvironment(options.environment);
    if (options.gateway) client.setGateway(options.gateway);
    if (options.storageKey) client.setPersistSettings(true, options.storageKey);
    if (options.proxy) (client.getHttpClient() as DefaultHttpClient).configure({ proxy: options.proxy });
    this.apiClient = client;
  }

  /** Tracing hook: assign a function (e.g. console.log) to receive a trace of every request and response. */
  get debugLog(): (...args: unknown[]) => void {
    return this.debug;
  }

  set debugLog(fn: (...args: unknown[]) => void) {
    this.debug = fn;
    this.apiClient.setDebugLog(typeof fn === 'function' ? (line) => fn(line) : null);
  }

  /** Authenticates with the session's strategy. */
  async login(): Promise<void> {
    const o = this.options;
    checkStrategy(o);
    switch (o.strategy) {
      case 'client-credentials':
        await this.apiClient.loginClientCredentialsGrant(o.clientId as string, o.clientSecret as string);
        return;
      case 'implicit':
        await this.apiClient.loginImplicitGrant(o.clientId as string, o.redirectUrl as string);
        return;
      case 'token':
        this.apiClient.setAccessToken(o.token as string);
        return;
    }
  }

  /** Forgets the token (and, in a browser, goes to the login service's logout page). */
  logout(): void {
    this.apiClient.logout();
  }

  /** The access token in use, if any. */
  get token(): string | undefined {
    return this.apiClient.authData.accessToken;
  }

  call<T>(operation: OperationDescriptor, args: object | undefined, options?: CallOptions): Promise<T> {
    return this.apiClient.call<T>(operation, args, options);
  }
}

/** `purecloud.PureCloudSession({...})`, with or without `new`. */
export const PureCloudSession = function PureCloudSession(options: PureCloudSessionOptions): Session {
  return new Session(options);
} as unknown as {
  (options: PureCloudSessionOptions): Session;
  new (options: PureCloudSessionOptions): Session;
};

type ApiClass = new (client?: OperationInvoker) => object;

/** Looks up `verb + Rest` as `verb + Tag + Rest` when the API has no method of that name (getMe → getUsersMe). */
function withLegacyNames<T extends object>(api: T, tag: string): T {
  return new Proxy(api, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && !(prop in target)) {
        const m = /^(get|post|put|patch|delete|head)([A-Z].*)$/.exec(prop);
        const modern = m ? `${m[1]}${tag}${m[2]}` : undefined;
        if (modern && modern in target) {
          const fn = (target as Record<string, unknown>)[modern];
          if (typeof fn === 'function') return fn.bind(target);
        }
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

function legacyFactory(name: string, Cls: ApiClass): (session?: Session | OperationInvoker) => object {
  // A plain function (constructible, named after the key): seed 000 calls it both as `UsersApi(session)` and
  // `new UsersApi(session)`.
  const factories = {
    // biome-ignore lint/complexity/useArrowFunction: must be constructible
    [name]: function (session?: Session | OperationInvoker) {
      const invoker = session instanceof Session ? session.apiClient : session;
      return withLegacyNames(new Cls(invoker), name.replace(/Api$/, ''));
    },
  };
  return factories[name] as (session?: Session | OperationInvoker) => object;
}

type Apis = ReturnType<typeof apiClasses>;
type LegacyApis = {
  [K in keyof Apis]: (
    session?: Session | OperationInvoker,
  ) => InstanceType<Apis[K]> & Record<string, unknown>;
};

export interface LegacyModule extends LegacyApis {
  PureCloudSession: typeof PureCloudSession;
  /** Browser-style namespace (`purecloud.platform.PureCloudSession`): the same object. */
  platform: LegacyModule;
}

function buildLegacy(self: object): Record<PropertyKey, unknown> {
  const mod: Record<string, unknown> = { PureCloudSession };
  for (const [name, Cls] of Object.entries(apiClasses())) mod[name] = legacyFactory(name, Cls as ApiClass);
  mod.platform = self;
  return mod;
}

/**
 * The module object, built on its first use: its 87 factories cost about a millisecond at import (measured with
 * callgrind on the compat entry), which an app that never uses the seed 000 API would pay for nothing. A Proxy
 * of an empty object that forwards every operation to the built module, so reading, `in`, `Object.keys`,
 * assigning (test doubles) and `platform` (the same object) behave as on a plain object.
 */
function lazyLegacy(): LegacyModule {
  let built: Record<PropertyKey, unknown> | undefined;
  const mod = (): Record<PropertyKey, unknown> => {
    if (!built) built = buildLegacy(self);
    return built;
  };
  const self: object = new Proxy(
    {},
    {
      get: (_t, key) => mod()[key],
      set: (_t, key, value) => {
        mod()[key] = value;
        return true;
      },
      has: (_t, key) => key in mod(),
      deleteProperty: (_t, key) => delete mod()[key],
      ownKeys: () => Reflect.ownKeys(mod()),
      getOwnPropertyDescriptor: (_t, key) => Reflect.getOwnPropertyDescriptor(mod(), key),
      defineProperty: (_t, key, descriptor) => Reflect.defineProperty(mod(), key, descriptor),
    },
  );
  return self as LegacyModule;
}

/** The seed 000 module shape: `const purecloud = require('@skyport/genesys-cloud/compat').legacy`. */
export const legacy: LegacyModule = /* @__PURE__ */ lazyLegacy();
