// What the Node and browser builds of @skyport/genesys-cloud/modular share.
export {
  ApiError,
  AuthError,
  ConfigError,
  type GatewayOptions,
  gatewayUrls,
  type TokenProvider,
  type TokenSet,
  type TokenStore,
  ValidationError,
} from '@skyport/core';
export type {
  AccessTokenAuth,
  AuthCommon,
  AuthorizationCodeAuth,
  AuthorizeRequest,
  AuthorizeUrlOptions,
  ClientCredentialsAuth,
  ImplicitAuth,
  PkceAuth,
  Saml2BearerAuth,
} from './runtime/auth-options';
export type { BaseClientOptions } from './runtime/base-client';
export { type Environment, type RegionName, resolveEnvironment } from './runtime/environment';
export { NotificationsError } from './runtime/errors';
export {
  accessToken,
  authorizationCode,
  clientCredentials,
  implicit,
  type ModularClient,
  type ModularClientOptions,
  pkce,
  type SignInFactory,
  saml2Bearer,
} from './runtime/modular';
export type {
  NotificationEvent,
  NotificationHandler,
  NotificationStatus,
  NotificationsOptions,
  Subscription,
  WebSocketFactory,
} from './runtime/notifications';
export type { NotificationsApi } from './runtime/notifications-api';
export { SignIn } from './runtime/sign-in';
export { bodies, logging, type ModularStage, regionKeys, strictOptions } from './runtime/stages';
