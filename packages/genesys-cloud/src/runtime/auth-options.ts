// Options of every sign-in (grant) of the modern client: createClient({ auth }) and the modular sign-in functions.
import type { TokenProvider, TokenStore } from '@skyport/core';

/** Settings every grant shares. */
export interface AuthCommon {
  /**
   * Where the token lives: a TokenStore (e.g. core's FileTokenStore on Node), `'localStorage'` or
   * `'sessionStorage'` in browsers (kept under `<storageKeyPrefix>_auth_data`), or `'memory'` (default).
   */
  store?: TokenStore | 'memory' | 'localStorage' | 'sessionStorage';
  /** Key prefix for browser storage, so several clients can keep tokens side by side. Default `skyport_genesys`. */
  storageKeyPrefix?: string;
  /** Refresh (or re-run the grant) when the token expires or a request gets 401. Default true. */
  refresh?: boolean;
  /** Refresh this long before expiry. Default 30000 ms. */
  refreshSkewMs?: number;
  /** How long callers wait for a refresh started by another caller before failing. Default 10000 ms. */
  waitTimeoutMs?: number;
}

/** Service-to-service (Node): the client credentials grant, re-run when the token expires. */
export interface ClientCredentialsAuth extends AuthCommon {
  type: 'clientCredentials';
  clientId: string;
  clientSecret: string;
  scope?: string;
}

/** A token you already have (from another login, or a previous session). */
export interface AccessTokenAuth extends AuthCommon {
  type: 'token';
  accessToken: string;
  /** Epoch ms; optional. */
  expiresAt?: number;
}

/** Authorization code grant (confidential web apps); refreshes with the refresh token it receives. */
export interface AuthorizationCodeAuth extends AuthCommon {
  type: 'authorizationCode';
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** A code you already received; otherwise use `client.auth.authorizeUrl()` and `client.auth.handleRedirect()`. */
  code?: string;
  /** A refresh token from an earlier session. */
  refreshToken?: string;
}

/** Authorization code with PKCE (public clients: browsers, CLIs, desktop apps); no client secret. */
export interface PkceAuth extends AuthCommon {
  type: 'pkce';
  clientId: string;
  redirectUri: string;
  /** A code and its verifier you already have; otherwise use authorizeUrl()/handleRedirect(). */
  code?: string;
  codeVerifier?: string;
}

/** Implicit grant (browsers): the token arrives in the redirect's `#fragment`; it cannot be refreshed. */
export interface ImplicitAuth extends AuthCommon {
  type: 'implicit';
  clientId: string;
  redirectUri: string;
}

/** SAML2 bearer grant: trade an identity provider's assertion for a token. */
export interface Saml2BearerAuth extends AuthCommon {
  type: 'saml2Bearer';
  clientId: string;
  clientSecret: string;
  orgName: string;
  /** Base64-encoded SAML assertion. */
  assertion: string;
}

export type GrantAuth =
  | ClientCredentialsAuth
  | AccessTokenAuth
  | AuthorizationCodeAuth
  | PkceAuth
  | ImplicitAuth
  | Saml2BearerAuth;

/** `auth` of createClient: a grant, a plain access token, or any TokenProvider. */
export type AuthOptions = GrantAuth | string | TokenProvider;

export interface AuthorizeUrlOptions {
  state?: string;
  scope?: string;
  /** Extra query parameters of the authorize URL (e.g. `org`, `provider`). */
  extra?: Record<string, string | undefined>;
}

export interface AuthorizeRequest {
  url: string;
  state: string;
  /** PKCE only: keep it if the redirect comes back to another process. */
  codeVerifier?: string;
}
