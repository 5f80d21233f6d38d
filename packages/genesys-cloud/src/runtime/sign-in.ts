// Sign-in state of one client, whatever the grant: the token (core's TokenManager: single-flight refresh, bounded
// wait for concurrent callers, refresh can be disabled) and its store, browser redirects (authorize URL, pending
// state, code exchange), logout. What differs between grants is a Flow (./grants.ts), so an app that signs in one
// way bundles only that grant.
import {
  AuthError,
  ConfigError,
  type HttpClientCore,
  isTokenProvider,
  MemoryTokenStore,
  pkceS256,
  pkceVerifier,
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
    http: HttpClientCore,
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
    // access can throw when storage is blocked
  }
  if (!storage) throw new ConfigError(`auth.store '${kind}' needs a browser (globalThis.${kind} is missing)`);
  return storage;
}

/** `client.auth`: the token of one client and the ways to sign in and out. */
export class SignIn implements TokenProvider {
  readonly type: GrantAuth['type'] | 'provider';
  /** The token manager, or undefined when a TokenProvider was given (`#provider` is then that provider). */
  readonly #manager: TokenManager | undefined;
  readonly #provider: TokenProvider;
  readonly #grant: GrantAuth | undefined;
  readonly #flow: Flow | undefined;
  readonly #pendingKey: string;
  /** Where a pending sign-in survives a page load (sessionStorage when the token is kept in browser storage). */
  readonly #pendingStorage: Storage | undefined;
  #pending: Pending | undefined;
  #code: PendingCode | undefined;
  readonly #http: HttpClientCore;
  readonly #loginUrl: string;

  /**
   * `options`: a grant's options (with the Flow of its type), an access token, or any TokenProvider (used as is).
   * Token requests and logout go through `http`; `loginUrl` is the login service (authorize and logout pages).
   */
  constructor(
    options: GrantAuth | string | TokenProvider | undefined,
    http: HttpClientCore,
    loginUrl: string,
    flow?: Flow,
  ) {
    this.#http = http;
    this.#loginUrl = loginUrl.replace(/\/+$/, '');
    this.#flow = flow;
    this.#pendingKey = '';
    if (isTokenProvider(options)) {
      this.type = 'provider';
      this.#provider = options;
      return;
    }
    const grant: GrantAuth | undefined =
      typeof options === 'string' ? { type: 'token', accessToken: options } : options;
    this.#grant = grant;
    this.type = grant?.type ?? 'token';
    const prefix = grant?.storageKeyPrefix ?? 'skyport_genesys';
    const s = grant?.store;
    let store: TokenStore;
    if (s === undefined || s === 'memory') store = new MemoryTokenStore();
    else if (s === 'localStorage' || s === 'sessionStorage') {
      store = new WebStorageTokenStore({ storage: webStorage(s), prefix });
      this.#pendingKey = `${prefix}_pending_login`;
      this.#pendingStorage = webStorage('sessionStorage');
    } else if (typeof s === 'object' && typeof s.get === 'function') store = s;
    else
      throw new ConfigError("auth.store must be a TokenStore, 'memory', 'localStorage' or 'sessionStorage'");
    const obtain = grant && flow?.obtainer?.(grant, http, () => this.#takeCode());
    // TokenManager takes undefined settings as its defaults.
    this.#provider = this.#manager = new TokenManager({
      store,
      obtain: obtain || undefined,
      refresh: grant?.refresh,
      refreshSkewMs: grant?.refreshSkewMs,
      waitTimeoutMs: grant?.waitTimeoutMs,
    });
    if (grant?.type === 'token') {
      required(grant, 'accessToken', 'token');
      void store.set({
        accessToken: grant.accessToken,
        ...(grant.expiresAt !== undefined ? { expiresAt: grant.expiresAt } : {}),
      });
    }
    // A code given with the options (authorization code, PKCE with its verifier) is exchanged on first use.
    const { code, codeVerifier } = (grant ?? {}) as Partial<PendingCode>;
    if (code && flow?.responseType === 'code') this.#setCode('auth (pkce): codeVerifier', code, codeVerifier);
  }

  /** Keeps a code for the grant's next run; PKCE needs its verifier (`what` names it in the error). */
  #setCode(what: string, code: string, codeVerifier: string | undefined): void {
    if (this.#flow?.pkce && !codeVerifier) throw new ValidationError(`${what} is required with the code`);
    this.#code = { code, ...(codeVerifier ? { codeVerifier } : {}) };
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
    const m = this.#manager;
    if (!m) {
      const accessToken = await this.#provider.getAccessToken();
      if (!accessToken) throw new AuthError('the auth provider returned no access token');
      return { accessToken };
    }
    // Uses the stored token while it is fresh, else runs the grant (once, however many callers).
    const current = !this.#code && (await m.getAccessToken()) && (await m.getToken());
    return current || m.refresh();
  }

  /** The current token set (undefined when signed out). */
  async getToken(): Promise<TokenSet | undefined> {
    return this.#manager?.getToken();
  }

  /** Replaces the token (e.g. one restored by your own code). */
  async setToken(token: TokenSet | string): Promise<void> {
    if (!this.#manager) throw new AuthError('setToken is not available with a custom TokenProvider');
    await this.#manager.setToken(token);
  }

  /** The grant of a browser-style sign-in (`what` is the method asked for); others fail with ConfigError. */
  #redirectGrant(
    what: string,
    types = 'authorizationCode, pkce or implicit',
  ): GrantAuth & { clientId: string; redirectUri: string } {
    const rt = this.#flow?.responseType;
    if (!this.#grant || !rt || (what === 'exchangeCode' && rt !== 'code')) {
      throw new ConfigError(`${what} needs auth type ${types} (have ${this.type})`);
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
    const codeVerifier = this.#flow?.pkce ? pkceVerifier() : undefined;
    // The grant's clientId and redirectUri were checked when the flow was set up; loginUrl by the HTTP client.
    const url = new URL(`${this.#loginUrl}/oauth/authorize`);
    const q = url.searchParams;
    const set = (k: string, v: string | undefined) => v !== undefined && q.set(k, v);
    set('response_type', this.#flow?.responseType);
    set('client_id', g.clientId);
    set('redirect_uri', g.redirectUri);
    set('state', state);
    set('scope', options.scope || undefined);
    const pending: Pending = { state };
    if (codeVerifier) {
      set('code_challenge', await pkceS256(codeVerifier));
      set('code_challenge_method', 'S256');
      pending.codeVerifier = codeVerifier;
    }
    for (const [k, v] of Object.entries(options.extra ?? {})) set(k, v);
    this.#pending = pending;
    this.#pendingStorage?.setItem(this.#pendingKey, JSON.stringify(pending));
    return { url: url.toString(), ...pending };
  }

  /** The sign-in started by authorizeUrl() (here or, through sessionStorage, before a page load), once. */
  #takePending(): Pending | undefined {
    let p = this.#pending;
    const storage = this.#pendingStorage;
    if (!p && storage) {
      try {
        p = JSON.parse(storage.getItem(this.#pendingKey) ?? 'null') ?? undefined;
      } catch {
        // unreadable: as if none were pending
      }
    }
    this.#pending = undefined;
    storage?.removeItem(this.#pendingKey);
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
    const bad = (what: string) => new ValidationError(`handleRedirect: ${what}`);
    if (typeof redirect !== 'string' || redirect === '') {
      throw bad('expected the redirect URL, its query or its fragment');
    }
    if (options.state !== undefined && (typeof options.state !== 'string' || options.state === '')) {
      throw bad('options.state must be the non-empty state of authorizeUrl()');
    }
    const pending = this.#takePending();
    const expectedState = options.state ?? pending?.state;
    if (expectedState === undefined) {
      throw new AuthError(
        'no sign-in is pending (call authorizeUrl() first, or pass the state it returned): redirect refused',
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
    const params = new URLSearchParams(
      q >= 0 ? redirect.slice(q + 1, h > q ? h : undefined) : redirect.replace(/^#/, ''),
    );
    const get = (k: string) => params.get(k);
    const error = get('error');
    if (error) {
      const desc = get('error_description');
      throw new AuthError(`sign-in failed: ${error}${desc ? `: ${desc}` : ''}`, { code: error });
    }
    const code = get('code');
    if (!code) throw new AuthError('the redirect has no code parameter');
    if (get('state') !== expectedState) {
      throw new AuthError('state mismatch: the redirect does not answer our sign-in request', {
        code: 'state_mismatch',
      });
    }
    return this.exchangeCode(code, options.codeVerifier ?? pending?.codeVerifier);
  }

  /** Exchanges an authorization code (with its PKCE verifier for PKCE) for a token. */
  async exchangeCode(code: string, codeVerifier?: string): Promise<TokenSet> {
    this.#redirectGrant('exchangeCode', 'authorizationCode or pkce');
    if (typeof code !== 'string' || !code) throw new ValidationError('exchangeCode: code is required');
    this.#setCode('exchangeCode: the PKCE code verifier (from authorizeUrl())', code, codeVerifier);
    return this.#manager!.refresh();
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
