// Everything the compat entry exports, for both the Node and the browser build.
import { apiClasses } from '../generated/compat/classes';
import { ApiClient as ApiClientClass } from './api-client';
import { Configuration } from './configuration';
import { ErrorResponse, LegacyErrorResponse } from './errors';
import { AbstractHttpClient, DefaultHttpClient, HttpRequestOptions } from './http';
import { legacy, PureCloudSession, Session } from './legacy';
import { PureCloudRegionHosts } from './regions';

export * from '../generated/compat/index';
/** Every model as a type, as the official SDK's `Models` namespace: `platformClient.Models.User`. */
export type * as Models from '../generated/models';
export { Configuration, type GatewayConfiguration } from './configuration';
export { ErrorResponse, LegacyErrorResponse } from './errors';
export { AbstractHttpClient, DefaultHttpClient, HttpRequestOptions, type HttpResponse } from './http';
export { legacy, PureCloudSession, type PureCloudSessionOptions, Session } from './legacy';
export type { AuthPopupConfiguration } from './popup';
export { type PureCloudRegion, PureCloudRegionHosts } from './regions';
export type {
  AuthData,
  ExtendedResponse,
  LoginImplicitGrantOptions,
  LoginPKCEGrantOptions,
} from './types';
export { ApiClientClass };

/**
 * The ApiClient class, which (like the official module's `ApiClient`, an instance) also answers the members of
 * `ApiClient.instance`: `ApiClient.setEnvironment(...)` and `ApiClient.instance.setEnvironment(...)` both work,
 * and so do `new ApiClient()` and `ApiClient.instance`.
 */
export const ApiClient = /* @__PURE__ */ new Proxy(ApiClientClass, {
  get(target, prop, receiver) {
    if (prop in target) return Reflect.get(target, prop, receiver);
    const instance = ApiClientClass.instance as unknown as Record<PropertyKey, unknown>;
    const value = instance[prop];
    return typeof value === 'function' ? value.bind(instance) : value;
  },
  set(target, prop, value, receiver) {
    if (prop in target) return Reflect.set(target, prop, value, receiver);
    (ApiClientClass.instance as unknown as Record<PropertyKey, unknown>)[prop] = value;
    return true;
  },
}) as typeof ApiClientClass & ApiClientClass;
export type ApiClient = ApiClientClass;

// Every value export of the entry (its declaration file types the default export as the entry's namespace: see
// scripts/compat-default-types.mjs), built by a call rather than taken as the module namespace, so that bundlers can
// drop it when only named imports are used.
function makePlatformClient() {
  return {
    ...apiClasses(),
    ApiClient,
    ApiClientClass,
    Configuration,
    Session,
    PureCloudRegionHosts,
    AbstractHttpClient,
    DefaultHttpClient,
    HttpRequestOptions,
    ErrorResponse,
    LegacyErrorResponse,
    PureCloudSession,
    legacy,
  };
}

/** The object `require('purecloud-platform-client-v2')` gives: ApiClient, every API class, helpers. */
// Built by a pure call so that bundlers drop it (and every API class) when only named imports are used.
export const platformClient = /* @__PURE__ */ makePlatformClient();
