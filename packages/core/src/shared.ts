// Everything that is the same on Node and in browsers. Nothing here may import node:*, undici or ini
// (config-file parsing is Node-only: see index.ts).

export {
  type AuthorizationCodeOptions,
  type AuthorizeUrlOptions,
  authorizationCodeGrant,
  buildAuthorizeUrl,
  type ClientCredentialsOptions,
  clientCredentialsGrant,
  type GrantBase,
  keepRefreshToken,
  oauth,
  type PasswordOptions,
  type PkceTokenOptions,
  parseImplicitRedirect,
  passwordGrant,
  pkceGrant,
  postTokenForm,
  type RefreshTokenOptions,
  refreshTokenGrant,
  type Saml2BearerOptions,
  saml2BearerGrant,
  toTokenSet,
} from './auth/oauth.js';
export {
  computePkceChallenge,
  generatePkceVerifier,
  pkceS256,
  pkceVerifier,
  randomState,
} from './auth/pkce.js';
export { MemoryTokenStore, WebStorageTokenStore, type WebStorageTokenStoreOptions } from './auth/stores.js';
export { staticToken, TokenManager, type TokenManagerOptions } from './auth/token-manager.js';
export { isTokenProvider, type TokenProvider, type TokenSet, type TokenStore } from './auth/types.js';
export {
  type BodyType,
  type FilePart,
  type MultipartBody,
  type MultipartValue,
  type PathToBlob,
  type SerializedBody,
  serializeBody,
  serializeJsonBody,
  serializeSimpleBody,
} from './client/body.js';
export {
  type ClientPlatform,
  HttpClientBase,
  HttpClientCore,
  type KernelPlatform,
} from './client/http-client.js';
export type {
  AfterResponseHook,
  BeforeRequestHook,
  BeforeRetryHook,
  ExtendedResponse,
  HttpClientOptions,
  PreparedRequest,
  RequestOptions,
  ResponseType,
} from './client/types.js';
export { type CollectionFormat, joinParam, paramString, type QueryFormat } from './client/url.js';
export { type ApplyConfigOptions, applyConfig } from './config/apply.js';
export type { SkyportConfig } from './config/types.js';
export * from './errors/index.js';
export { type GatewayOptions, gatewayUrls } from './gateway/index.js';
export { logAttempt } from './logging/attempt-log.js';
export { REDACTED, redactBody, redactHeaders, redactText, redactUrl } from './logging/redact.js';
export type { HttpLogEntry, LogFormat, Logger, LoggerOptions, LogLevel } from './logging/types.js';
export { collectAll, type Page, pages, paginate } from './paging/paginate.js';
export {
  backoffDelay,
  DEFAULT_RETRY,
  type RetryContext,
  type RetryOptions,
  serverRequestedDelay,
} from './retry/policy.js';
export {
  type ClientFactory,
  type EventStreamHandle,
  type EventStreamOptions,
  openEventStreamWith,
  type ReconnectOptions,
  type SseEvent,
  type SseIteratorOptions,
  sseIteratorWith,
} from './streaming/sse.js';
export {
  createBasicFetchTransport,
  createFetchTransport,
  type FetchTransportOptions,
} from './transport/fetch.js';
export type {
  ClosableTransport,
  ProxyOptions,
  TlsOptions,
  Transport,
  TransportBody,
  TransportOptions,
  TransportRequest,
  TransportResponse,
  UploadProgress,
} from './transport/types.js';
