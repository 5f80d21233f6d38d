// Sign-in for the modern client: every Genesys Cloud grant on top of @skyport/core's TokenManager
// (single-flight refresh, bounded wait for concurrent callers, refresh can be disabled) and token stores.
import {
  AuthError,
  ConfigError,
  generatePkceVerifier,
  type HttpClientBase,
  MemoryTokenStore,
  oauth,
  randomState,
  TokenManager,
  type TokenProvider,
  type TokenSet,
  type TokenStore,
  ValidationError,
  WebStorageTokenStore,
} from '@skyport/core';

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

interface Pending {
  state: string;
  codeVerifier?: string;
}

function isTokenProvider(v: unknown): v is TokenProvider {
  return typeof v === 'object' && v !== null && typeof (v as TokenProvider).getAccessToken === 'function';
}

const GRANTS = ['clientCredentials', 'token', 'authorizationCode', 'pkce', 'implicit', 'saml2Bearer'];

function required(o: object, key: string, type: string): string {
  const v = (o as Record<string, unknown>)[key];
  if (typeof v !== 'string' || v === '') throw new ValidationError(`auth (${type}): ${key} is required`);
  return v;
}

function webStorage(kind: 'localStorage' | 'sessionStorage'): Storage {
  let storage: Storage | undefined;
  try {
    storage = (globalThis as Record<string, unknown>)[kind] as Storage | undefined;
  } catch {
    storage = undefined; // access can throw when storage is blocked
  }
  if (!storage) throw new ConfigError(`auth.store '${kind}' needs a browser (globalThis.${kind} is missing)`);
  return storage;
}

/** Sign-in state of one client: `client.auth`. */
export class GenesysAuth implements TokenProvider {
  readonly type: GrantAuth['type'] | 'provider';
  readonly #manager: TokenManager | undefined;
  readonly #provider: TokenProvider;
  readonly #grant: GrantAuth | undefined;
  readonly #pendingKey: string;
  readonly #pendingStorage: Storage | undefined;
  #pending: Pending | undefined;
  #code: { code: string; codeVerifier?: string } | undefined;

  readonly #http: HttpClientBase;
  readonly #loginUrl: string;

  constructor(options: AuthOptions | undefined, http: HttpClientBase, loginUrl: string) {
    this.#http = http;
    this.#loginUrl = loginUrl;
    if (options !== undefined && typeof options !== 'string' && isTokenProvider(options)) {
      this.type = 'provider';
      this.#provider = options;
      this.#pendingKey = '';
      return;
    }
    const grant: GrantAuth | undefined =
      typeof options === 'string' ? { type: 'token', accessToken: options } : options;
    if (grant !== undefined && (typeof grant !== 'object' || !GRANTS.includes(grant.type))) {
      throw new ConfigError(
        `auth.type must be one of ${GRANTS.join(', ')} (got ${JSON.stringify((grant as { type?: unknown })?.type)})`,
      );
    }
    this.#grant = grant;
    this.type = grant?.type ?? 'token';
    const prefix = grant?.storageKeyPrefix ?? 'skyport_genesys';
    this.#pendingKey = `${prefix}_pending_login`;
    const store = this.#makeStore(grant, prefix);
    if (grant?.store === 'localStorage' || grant?.store === 'sessionStorage') {
      this.#pendingStorage = webStorage('sessionStorage');
    }
    this.#manager = new TokenManager({
      store,
      ...(this.#obtainFor(grant) ? { obtain: this.#obtainFor(grant) } : {}),
      ...(grant?.refresh !== undefined ? { refresh: grant.refresh } : {}),
      ...(grant?.refreshSkewMs !== undefined ? { refreshSkewMs: grant.refreshSkewMs } : {}),
      ...(grant?.waitTimeoutMs !== undefined ? { waitTimeoutMs: grant.waitTimeoutMs } : {}),
    });
    this.#provider = this.#manager;
    if (grant?.type === 'token') {
      required(grant, 'accessToken', 'token');
      void store.set({
        accessToken: grant.accessToken,
        ...(grant.expiresAt !== undefined ? { expiresAt: grant.expiresAt } : {}),
      });
    }
    if (grant?.type === 'authorizationCode' && grant.code) this.#code = { code: grant.code };
    if (grant?.type === 'pkce' && grant.code) {
      if (!grant.codeVerifier) throw new ValidationError('auth (pkce): codeVerifier is required with code');
      this.#code = { code: grant.code, codeVerifier: grant.codeVerifier };
    }
  }

  #makeStore(grant: GrantAuth | undefined, prefix: string): TokenStore {
    const s = grant?.store;
    if (s === undefined || s === 'memory') return new MemoryTokenStore();
    if (s === 'localStorage' || s === 'sessionStorage') {
      return new WebStorageTokenStore({ storage: webStorage(s), prefix });
    }
    if (typeof s === 'object' && typeof s.get === 'function') return s;
    throw new ConfigError("auth.store must be a TokenStore, 'memory', 'localStorage' or 'sessionStorage'");
  }

  #obtainFor(g: GrantAuth | undefined): ((current?: TokenSet) => Promise<TokenSet>) | undefined {
    if (!g) return undefined;
    const client = this.#http;
    switch (g.type) {
      case 'clientCredentials': {
        const clientId = required(g, 'clientId', g.type);
        const clientSecret = required(g, 'clientSecret', g.type);
        return () =>
          oauth.clientCredentials({ client, clientId, clientSecret, ...(g.scope ? { scope: g.scope } : {}) });
      }
      case 'saml2Bearer': {
        const base = {
          client,
          clientId: required(g, 'clientId', g.type),
          clientSecret: required(g, 'clientSecret', g.type),
          orgName: required(g, 'orgName', g.type),
          assertion: required(g, 'assertion', g.type),
        };
        return () => oauth.saml2Bearer(base);
      }
      case 'authorizationCode': {
        const clientId = required(g, 'clientId', g.type);
        const clientSecret = required(g, 'clientSecret', g.type);
        const redirectUri = required(g, 'redirectUri', g.type);
        return async (current) => {
          const code = this.#takeCode();
          if (code)
            return oauth.authorizationCode({ client, clientId, clientSecret, redirectUri, code: code.code });
          const refreshToken = current?.refreshToken ?? g.refreshToken;
          if (refreshToken) return oauth.refreshToken({ client, clientId, clientSecret, refreshToken });
          throw new AuthError(
            'authorization code grant: not signed in — send the user to client.auth.authorizeUrl() and pass the redirect to client.auth.handleRedirect()',
          );
        };
      }
      case 'pkce': {
        const clientId = required(g, 'clientId', g.type);
        const redirectUri = required(g, 'redirectUri', g.type);
        return async (current) => {
          const code = this.#takeCode();
          if (code?.codeVerifier) {
            return oauth.pkceToken({
              client,
              clientId,
              redirectUri,
              code: code.code,
              codeVerifier: code.codeVerifier,
            });
          }
          if (current?.refreshToken) {
            return oauth.refreshToken({ client, clientId, refreshToken: current.refreshToken });
          }
          throw new AuthError(
            'PKCE grant: not signed in — send the user to client.auth.authorizeUrl() and pass the redirect to client.auth.handleRedirect()',
          );
        };
      }
      case 'implicit':
        required(g, 'clientId', g.type);
        required(g, 'redirectUri', g.type);
        return undefined;
      case 'token':
        return undefined;
    }
  }

  #takeCode(): { code: string; codeVerifier?: string } | undefined {
    const c = this.#code;
    this.#code = undefined;
    return c;
  }

  // TokenProvider, used by the HTTP client for every call.
  getAccessToken(options?: { forceRefresh?: boolean; signal?: AbortSignal }): Promise<string | undefined> {
    return this.#provider.getAccessToken(options);
  }

  async onUnauthorized(rejectedToken: string): Promise<boolean> {
    return (await this.#provider.onUnauthorized?.(rejectedToken)) ?? false;
  }

  /** Gets a token now (client credentials, SAML2, or a code already given); later calls reuse it until it expires. */
  async login(): Promise<TokenSet> {
    if (!this.#manager) {
      const accessToken = await this.#provider.getAccessToken();
      if (!accessToken) throw new AuthError('the auth provider returned no access token');
      return { accessToken };
    }
    if (this.#code) return this.#manager.refresh();
    // Uses the stored token while it is fresh, else runs the grant (once, however many callers).
    const accessToken = await this.#manager.getAccessToken();
    const current = await this.#manager.getToken();
    if (!accessToken || !current) return this.#manager.refresh();
    return current;
  }

  /** The current token set (undefined when signed out). */
  async getToken(): Promise<TokenSet | undefined> {
    return this.#manager ? this.#manager.getToken() : undefined;
  }

  /** Replaces the token (e.g. one restored by your own code). */
  async setToken(token: TokenSet | string): Promise<void> {
    if (!this.#manager) throw new AuthError('setToken is not available with a custom TokenProvider');
    await this.#manager.setToken(token);
  }

  /**
   * The login page to send the user to (authorization code, PKCE, implicit). For PKCE a verifier is made and kept
   * (in sessionStorage when the token is kept in browser storage, so it survives the redirect).
   */
  async authorizeUrl(options: AuthorizeUrlOptions = {}): Promise<AuthorizeRequest> {
    const g = this.#grant;
    if (!g || (g.type !== 'authorizationCode' && g.type !== 'pkce' && g.type !== 'implicit')) {
      throw new ConfigError(
        `authorizeUrl needs auth type authorizationCode, pkce or implicit (have ${this.type})`,
      );
    }
    const state = options.state ?? randomState();
    const codeVerifier = g.type === 'pkce' ? generatePkceVerifier() : undefined;
    const built = await oauth.buildAuthorizeUrl({
      authorizeUrl: `${this.#loginUrl.replace(/\/+$/, '')}/oauth/authorize`,
      clientId: g.clientId,
      redirectUri: g.redirectUri,
      responseType: g.type === 'implicit' ? 'token' : 'code',
      state,
      ...(options.scope ? { scope: options.scope } : {}),
      ...(codeVerifier ? { codeVerifier } : {}),
      ...(options.extra ? { extra: options.extra } : {}),
    });
    this.#pending = { state, ...(codeVerifier ? { codeVerifier } : {}) };
    this.#pendingStorage?.setItem(this.#pendingKey, JSON.stringify(this.#pending));
    return { url: built.url, state, ...(codeVerifier ? { codeVerifier } : {}) };
  }

  #takePending(): Pending | undefined {
    let p = this.#pending;
    if (!p && this.#pendingStorage) {
      try {
        p = JSON.parse(this.#pendingStorage.getItem(this.#pendingKey) ?? 'null') ?? undefined;
      } catch {
        p = undefined;
      }
    }
    this.#pending = undefined;
    this.#pendingStorage?.removeItem(this.#pendingKey);
    return p;
  }

  /**
   * Finishes a browser-style sign-in from the redirect URL (or its `?query` / `#fragment`): checks `state` against
   * the sign-in started by authorizeUrl(), then exchanges the code (code, PKCE) or reads the token (implicit).
   * A redirect handled by a different process than the one that called authorizeUrl() passes that call's `state`
   * (and `codeVerifier` for PKCE). With no sign-in pending and no `state` given, the redirect is refused
   * (AuthError `no_pending_sign_in`): it could be someone else's code or token slipped in (login forgery).
   */
  async handleRedirect(
    redirect: string,
    options: { codeVerifier?: string; state?: string } = {},
  ): Promise<TokenSet> {
    const g = this.#grant;
    if (!g || (g.type !== 'authorizationCode' && g.type !== 'pkce' && g.type !== 'implicit')) {
      throw new ConfigError(
        `handleRedirect needs auth type authorizationCode, pkce or implicit (have ${this.type})`,
      );
    }
    if (typeof redirect !== 'string' || redirect === '') {
      throw new ValidationError('handleRedirect: expected the redirect URL, its query or its fragment');
    }
    if (options.state !== undefined && (typeof options.state !== 'string' || options.state === '')) {
      throw new ValidationError(
        'handleRedirect: options.state must be the non-empty state of authorizeUrl()',
      );
    }
    const pending = this.#takePending();
    const expectedState = options.state ?? pending?.state;
    if (expectedState === undefined) {
      throw new AuthError(
        'no sign-in is pending: call client.auth.authorizeUrl() before handleRedirect(), or pass the state it returned (redirect refused)',
        { code: 'no_pending_sign_in' },
      );
    }
    if (g.type === 'implicit') {
      const token = oauth.parseImplicitRedirect(redirect, expectedState);
      await this.setToken(token);
      return token;
    }
    const q = redirect.indexOf('?');
    const h = redirect.indexOf('#');
    const query = q >= 0 ? redirect.slice(q + 1, h > q ? h : undefined) : redirect.replace(/^#/, '');
    const params = new URLSearchParams(query);
    const error = params.get('error');
    if (error) {
      const desc = params.get('error_description');
      throw new AuthError(`sign-in failed: ${error}${desc ? `: ${desc}` : ''}`, { code: error });
    }
    const code = params.get('code');
    if (!code) throw new AuthError('the redirect has no code parameter');
    if (params.get('state') !== expectedState) {
      throw new AuthError('state mismatch: the redirect is not the answer to our sign-in request', {
        code: 'state_mismatch',
      });
    }
    return this.exchangeCode(code, options.codeVerifier ?? pending?.codeVerifier);
  }

  /** Exchanges an authorization code (with its PKCE verifier for PKCE) for a token. */
  async exchangeCode(code: string, codeVerifier?: string): Promise<TokenSet> {
    if (!this.#manager || (this.type !== 'authorizationCode' && this.type !== 'pkce')) {
      throw new ConfigError(`exchangeCode needs auth type authorizationCode or pkce (have ${this.type})`);
    }
    if (typeof code !== 'string' || !code) throw new ValidationError('exchangeCode: code is required');
    if (this.type === 'pkce' && !codeVerifier) {
      throw new ValidationError(
        'exchangeCode: the PKCE code verifier is required (call authorizeUrl() first)',
      );
    }
    this.#code = { code, ...(codeVerifier ? { codeVerifier } : {}) };
    return this.#manager.refresh();
  }

  /**
   * Signs out: revokes the token with the API (`DELETE /api/v2/tokens/me`, unless `revoke: false`) and forgets it.
   * A failed revoke still forgets the token and is reported as the rejection.
   */
  async logout(options: { revoke?: boolean } = {}): Promise<void> {
    const token = await this.getToken();
    try {
      if (token && options.revoke !== false) {
        await this.#http.request({
          method: 'DELETE',
          path: '/api/v2/tokens/me',
          auth: token.accessToken,
          retry: false,
        });
      }
    } finally {
      this.#pending = undefined;
      this.#pendingStorage?.removeItem(this.#pendingKey);
      await this.#manager?.clear();
    }
  }

  /** The Genesys login service's logout page (ends the browser session), returning to `redirectUri`. */
  logoutUrl(redirectUri?: string): string {
    const url = new URL(`${this.#loginUrl.replace(/\/+$/, '')}/logout`);
    const clientId = (this.#grant as { clientId?: string } | undefined)?.clientId;
    if (clientId) url.searchParams.set('client_id', clientId);
    if (redirectUri) url.searchParams.set('redirect_uri', redirectUri);
    return url.toString();
  }
}
