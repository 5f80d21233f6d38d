// Everything the Node and browser entries share.
export {
  ApiError,
  AuthError,
  ConfigError,
  MemoryTokenStore,
  type TokenProvider,
  type TokenSet,
  type TokenStore,
  ValidationError,
  WebStorageTokenStore,
} from '@skyport/core';
/** Every model of the Platform API as a type: `Models.UserMe`, `Models.Queue` (types only: nothing at run time). */
export type * as Models from './generated/models';
export { GenesysAuth } from './runtime/auth';
export type {
  AccessTokenAuth,
  AuthCommon,
  AuthOptions,
  AuthorizationCodeAuth,
  AuthorizeRequest,
  AuthorizeUrlOptions,
  ClientCredentialsAuth,
  GrantAuth,
  ImplicitAuth,
  PkceAuth,
  Saml2BearerAuth,
} from './runtime/auth-options';
export type { ClientOptions, GenesysClient, NotificationsApi } from './runtime/client';
export type {
  CallOptions,
  CollectionFormat,
  HttpMethod,
  OperationDescriptor,
  OperationInvoker,
  PagingStyle,
  ParamDescriptor,
  ParamLocation,
  ParamType,
} from './runtime/descriptor';
export { defaultInvoker, registerDefaultInvoker } from './runtime/descriptor';
export { NotificationsError } from './runtime/errors';
export type {
  NotificationEvent,
  NotificationHandler,
  NotificationStatus,
  NotificationsOptions,
  Subscription,
  WebSocketFactory,
  WebSocketLike,
} from './runtime/notifications';
export {
  type ItemOf,
  type ListOperation,
  type PageResult,
  type PaginateOptions,
  type Paginator,
  paginate,
} from './runtime/paginate';
export {
  type Environment,
  type Region,
  type RegionName,
  regions,
  resolveEnvironment,
} from './runtime/regions';
export { paramValue, toRequestOptions, unknownOptions } from './runtime/request';
