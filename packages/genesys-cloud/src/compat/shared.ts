// Everything the compat entry exports, for both the Node and the browser build.
import * as apis from '../generated/compat/index';
import { ApiClient } from './api-client';
import { ErrorResponse, LegacyErrorResponse } from './errors';
import { AbstractHttpClient, DefaultHttpClient, HttpRequestOptions } from './http';
import { legacy, PureCloudSession } from './legacy';
import { PureCloudRegionHosts } from './regions';

export * from '../generated/compat/index';
export {
  ApiClient,
  type AuthData,
  type ExtendedResponse,
  type LoginImplicitGrantOptions,
  type LoginPKCEGrantOptions,
} from './api-client';
export { Configuration, type GatewayConfiguration } from './configuration';
export { ErrorResponse, LegacyErrorResponse } from './errors';
export { AbstractHttpClient, DefaultHttpClient, HttpRequestOptions, type HttpResponse } from './http';
export { legacy, PureCloudSession, type PureCloudSessionOptions, Session } from './legacy';
export { type PureCloudRegion, PureCloudRegionHosts } from './regions';

/** The object `require('purecloud-platform-client-v2')` gives: ApiClient, every API class, helpers. */
export const platformClient = {
  ...apis,
  ApiClient,
  PureCloudRegionHosts,
  AbstractHttpClient,
  DefaultHttpClient,
  HttpRequestOptions,
  ErrorResponse,
  LegacyErrorResponse,
  PureCloudSession,
  legacy,
};
