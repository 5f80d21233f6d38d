// Sign-in state of one client, whatever the grant: the token (core's TokenManager: single-flight refresh, bounded
// wait for concurrent callers, refresh can be disabled) and its store, browser redirects (authorize URL, pending
// state, code exchange), logout. What differs between grants is a Flow (./grants.ts), so an app that signs in one
// way bundles only that grant.
import {
  AuthError,
  ConfigError,
  computePkceChallenge,
  generatePkceVerifier,
  type HttpClientBase,
  MemoryTokenStore,
  randomState,
  TokenManager,
  type TokenProvider,
  type TokenSet,
  type TokenStore,
  ValidationError,
  WebStorageTokenStore,
} from '@skyport/core';
import type { AuthorizeRequest, AuthorizeUrlOptions, GrantAuth } from './auth-options';

/** An authorization code waiting to be exchanged (with its PKCE verifier). */
export interface PendingCode {
  code: string;
  codeVerifier?: string;
}

/** What one grant brings to a SignIn. */
export interface Flow {
  /**
   * Checks the grant's options and returns how to get a token, given the current one (undefined: the grant cannot
   * get one by itself). `takeCode` hands over a code given by handleRedirect()/exchangeCode(), once.
   */
  obtainer?(
    grant: GrantAuth,
    http: HttpClientBase,
    takeCode: () => PendingCode | undefined,
  ): ((current?: TokenSet) => Promise<TokenSet>) | undefined;
  /** Browser sign-in: what the authorize URL asks for (`code`: authorization code and PKCE; `token`: implicit). */
  responseType?: 'code' | 'token';
  /** PKCE: authorizeUrl() makes a verifier and sends its challenge. */
  pkce?: boolean;
  /** Implicit: reads the token from the redirect, checking its state. */
  readToken?(redirect: string, expectedState: string): TokenSet;
}

interface Pending {
  state: string;
  codeVerifier?: string;
}

function isTokenProvider(v: unknown): v is TokenProvider {
  return typeof v === 'object' && v !== null && typeof (v as TokenProvider).getAccessToken === 'function';
}

/** A required non-empty string option of a grant. */
export function required(o: object, key: string, type: string): string {
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

function makeStore(grant: GrantAuth | undefined, prefix: string): TokenStore {
  const s = grant?.store;
  if (s === undefined || s === 'memory') return new MemoryTokenStore();
  if (s === 'localStorage' || s === 'sessionStorage') {
    return new WebStorageTokenStore({ storage: webStorage(s), prefix });
  }
  if (typeof s === 'object' && typeof s.get === 'function') return s;
  throw new ConfigError("auth.store must be a TokenStore, 'memory', 'localStorage' or 'sessionStorage'");
}

/** `client.auth`: the token of one client and the ways to sign in and out. */
export class SignIn implements TokenProvider {
  readonly type: GrantAuth['type'] | 'provider';
  readonly #manager: TokenManager | undefined;
  readonly #provider: TokenProvider;
  readonly #grant: GrantAuth | undefined;
  readonly #flow: Flow | undefined;
  readonly #pendingKey: string;
  readonly #pendingStorage: Storage | undefined;
  #pending: Pending | undefined;
  #code: PendingCode | undefined;
  readonly #http: HttpClientBase;
  readonly #loginUrl: string;

  /**
   * `options`: a grant's options (with the Flow of its type), an access token, or any TokenProvider (used as is).
   * Token requests and logout go through `http`; `loginUrl` is the login service (authorize and logout pages).
   */
  constructor(
    options: GrantAuth | string | TokenProvider | undefined,
    http: HttpClientBase,
    loginUrl: string,
    flow?: Flow,
  ) {
    this.#http = http;
    this.#loginUrl = loginUrl.replace(/\/+$/, '');
    this.#flow = flow;
    if (isTokenProvider(options)) {
      this.type = 'provider';
      this.#provider = options;
      this.#pendingKey = '';
      return;
    }
    const grant: GrantAuth | undefined =
      typeof options === 'string' ? { type: 'token', accessToken: options } : options;
    this.#grant = grant;
    this.type = grant?.type ?? 'token';
    const prefix = grant?.storageKeyPrefix ?? 'skyport_genesys';
    this.#pendingKey = `${prefix}_pending_login`;
    const store = makeStore(grant, prefix);
    if (grant?.store === 'localStorage' || grant?.store === 'sessionStorage') {
      this.#pendingStorage = webStorage('sessionStorage');
    }
    const obtain = grant && flow?.obtainer?.(grant, http, () => this.#takeCode());
    // TokenManager takes undefined settings as its defaults.
    this.#manager = new TokenManager({
      store,
      obtain: obtain || undefined,
      refresh: grant?.refresh,
      refreshSkewMs: grant?.refreshSkewMs,
      waitTimeoutMs: grant?.waitTimeoutMs,
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

  #takeCode(): PendingCode | undefined {
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

  #redirectGrant(what: string): GrantAuth & { clientId: string; redirectUri: string } {
    if (!this.#grant || !this.#flow?.responseType) {
      throw new ConfigError(
        `${what} needs auth type authorizationCode, pkce or implicit (have ${this.type})`,
      );
    }
    return this.#grant as GrantAuth & { clientId: string; redirectUri: string };
  }

  /**
   * The login page to send the user to (authorization code, PKCE, implicit). For PKCE a verifier is made and kept
   * (in sessionStorage when the token is kept in browser storage, so it survives the redirect).
   */
  async authorizeUrl(options: AuthorizeUrlOptions = {}): Promise<AuthorizeRequest> {
    const g = this.#redirectGrant('authorizeUrl');
    const state = options.state ?? randomState();
    const codeVerifier = this.#flow?.pkce ? generatePkceVerifier() : undefined;
    // The grant's clientId and redirectUri were checked when the flow was set up; loginUrl by the HTTP client.
    const url = new URL(`${this.#loginUrl}/oauth/authorize`);
    const q = url.searchParams;
    q.set('response_type', this.#flow?.responseType ?? 'code');
    q.set('client_id', g.clientId);
    q.set('redirect_uri', g.redirectUri);
    q.set('state', state);
    if (options.scope) q.set('scope', options.scope);
    if (codeVerifier) {
      q.set('code_challenge', await computePkceChallenge(codeVerifier));
      q.set('code_challenge_method', 'S256');
    }
    for (const [k, v] of Object.entries(options.extra ?? {})) if (v !== undefined) q.set(k, v);
    this.#pending = { state, ...(codeVerifier ? { codeVerifier } : {}) };
    this.#pendingStorage?.setItem(this.#pendingKey, JSON.stringify(this.#pending));
    return { url: url.toString(), state, ...(codeVerifier ? { codeVerifier } : {}) };
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
    this.#redirectGrant('handleRedirect');
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
    const readToken = this.#flow?.readToken;
    if (readToken) {
      const token = readToken(redirect, expectedState);
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
    if (!this.#manager || this.#flow?.responseType !== 'code') {
      throw new ConfigError(`exchangeCode needs auth type authorizationCode or pkce (have ${this.type})`);
    }
    if (typeof code !== 'string' || !code) throw new ValidationError('exchangeCode: code is required');
    if (this.#flow.pkce && !codeVerifier) {
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
    const url = new URL(`${this.#loginUrl}/logout`);
    const clientId = (this.#grant as { clientId?: string } | undefined)?.clientId;
    if (clientId) url.searchParams.set('client_id', clientId);
    if (redirectUri) url.searchParams.set('redirect_uri', redirectUri);
    return url.toString();
  }
}
