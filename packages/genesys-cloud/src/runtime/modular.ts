// The modular client (@skyport/genesys-cloud/modular): the base client with one sign-in, chosen by calling one
// of the functions below, so a bundle carries that grant only (and no notifications unless createNotifications is
// imported). Entries: ../modular.ts (Node) and ../modular.browser.ts (browsers).
import {
  type ClientPlatform,
  ConfigError,
  type HttpClientCore,
  type HttpClientOptions,
  type TokenProvider,
} from '@skyport/core';
import type {
  AccessTokenAuth,
  AuthorizationCodeAuth,
  ClientCredentialsAuth,
  ImplicitAuth,
  PkceAuth,
  Saml2BearerAuth,
} from './auth-options';
import { type BaseClient, type BaseClientOptions, createBaseClient } from './base-client';
import {
  authorizationCodeFlow,
  clientCredentialsFlow,
  implicitFlow,
  pkceFlow,
  saml2BearerFlow,
} from './grants';
import { SignIn } from './sign-in';
import { type ModularStage, mergeStages } from './stages';

/** Makes a client's sign-in, given its HTTP client and login URL: what pkce(), clientCredentials()… return. */
export type SignInFactory = (http: HttpClientCore, loginUrl: string) => SignIn;

export interface ModularClientOptions extends BaseClientOptions {
  /**
   * How the client signs in: `pkce({...})`, `clientCredentials({...})`, `authorizationCode({...})`,
   * `implicit({...})`, `saml2Bearer({...})`, `accessToken({...})`, an access token string, or any TokenProvider.
   */
  auth?: SignInFactory | string | TokenProvider;
  /**
   * Optional stages: `logging` (the `logger` option), `bodies` (text, binary, raw and FormData bodies),
   * `strictOptions` (unknown option keys fail), `regionKeys` (`region` and region keys as `environment`).
   * Retries, timeouts, redaction and typed errors are always on.
   */
  use?: readonly ModularStage[];
}

/**
 * The modular client; `client.auth` is its SignIn (authorizeUrl, handleRedirect, login, logout, tokens). Its `http`
 * is typed as core's HttpClientCore: the browser build has no requestRaw() (the Node build's HttpClient does).
 */
export type ModularClient = BaseClient<SignIn, HttpClientCore>;

/** A region key (`eu_west_1`, `eu-west-1`) rather than a domain, host or URL. */
const REGION_KEY = /^[a-z]+(?:[_-][a-z]+)*[_-]\d+$/i;

/** `createHttp` makes the entry's HTTP client from the options and the platform parts of the stages in `use`. */
export function createModularClient(
  createHttp: (options: HttpClientOptions, stages: Partial<ClientPlatform>) => HttpClientCore,
  options: ModularClientOptions,
): ModularClient {
  const { checkOptions, regions, ...stages } = mergeStages(options?.use);
  const needs = (option: string, stage: string) =>
    new ConfigError(`${option} needs the ${stage} stage: use: [${stage}]`);
  if (options?.strictOptions && !checkOptions) throw needs('strictOptions', 'strictOptions');
  if (!regions && (options?.region !== undefined || REGION_KEY.test(options?.environment as string))) {
    throw needs('a region key', 'regionKeys');
  }
  return createBaseClient(
    (o) => createHttp(o, stages),
    options,
    (http, env) => {
      const auth = options.auth;
      return typeof auth === 'function'
        ? auth(http, env.loginUrl)
        : new SignIn(auth as string | TokenProvider | undefined, http, env.loginUrl);
    },
    { checkOptions, regions },
  );
}

type Options<T> = Omit<T, 'type'>;

/** Authorization code with PKCE (browsers, CLIs, desktop apps): `client.auth.authorizeUrl()`, then `handleRedirect()`. */
export function pkce(options: Options<PkceAuth>): SignInFactory {
  return (http, loginUrl) => new SignIn({ ...options, type: 'pkce' }, http, loginUrl, pkceFlow);
}

/** Client credentials (services): the grant runs on the first call and again when the token expires. */
export function clientCredentials(options: Options<ClientCredentialsAuth>): SignInFactory {
  return (http, loginUrl) =>
    new SignIn({ ...options, type: 'clientCredentials' }, http, loginUrl, clientCredentialsFlow);
}

/** Authorization code (confidential web apps), refreshed with its refresh token. */
export function authorizationCode(options: Options<AuthorizationCodeAuth>): SignInFactory {
  return (http, loginUrl) =>
    new SignIn({ ...options, type: 'authorizationCode' }, http, loginUrl, authorizationCodeFlow);
}

/** Implicit grant (browsers): the token comes back in the redirect's fragment. */
export function implicit(options: Options<ImplicitAuth>): SignInFactory {
  return (http, loginUrl) => new SignIn({ ...options, type: 'implicit' }, http, loginUrl, implicitFlow);
}

/** SAML2 bearer: an identity provider's assertion traded for a token. */
export function saml2Bearer(options: Options<Saml2BearerAuth>): SignInFactory {
  return (http, loginUrl) => new SignIn({ ...options, type: 'saml2Bearer' }, http, loginUrl, saml2BearerFlow);
}

/** A token you already have, with its expiry and a store to keep it in. */
export function accessToken(options: Options<AccessTokenAuth>): SignInFactory {
  return (http, loginUrl) => new SignIn({ ...options, type: 'token' }, http, loginUrl);
}
