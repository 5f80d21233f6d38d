// ApiClient of purecloud-platform-client-v2 over @skyport/core: the same methods, the same requests on the
// wire, the same resolution values and rejection shapes. It is also the OperationInvoker behind the generated
// compat API classes (`new UsersApi()` uses ApiClient.instance).
import {
  computePkceChallenge,
  createLogger,
  generatePkceVerifier,
  type Logger,
  ValidationError,
} from '@skyport/core';
import type { CallOptions, OperationDescriptor, OperationInvoker } from '../runtime/descriptor';
import { paramValue } from '../runtime/request';
import {
  browserWindow,
  probeLocalStorage,
  type RedirectQuery,
  readRedirectHash,
  readRedirectQuery,
  storage,
} from './browser';
import { Configuration, type GatewayConfiguration } from './configuration';
import { ErrorResponse, LegacyErrorResponse } from './errors';
import {
  AbstractHttpClient,
  DefaultHttpClient,
  type HttpClientError,
  HttpRequestOptions,
  type HttpResponse,
} from './http';
import { isBrowser } from './platform';
import {
  type AuthPopupConfiguration,
  type AuthPopupStatusListener,
  cleanPopup,
  DEFAULT_POPUP,
} from './popup';
import {
  base64,
  buildQueryString,
  checkCustomHeaders,
  collectionParam,
  fillPath,
  jsonBodyText,
  paramToString,
  preferredMime,
  queryValue,
} from './serialize';
import type { AuthData, ExtendedResponse, LoginImplicitGrantOptions, LoginPKCEGrantOptions } from './types';

interface Authentication {
  type: 'oauth2' | 'apiKey' | 'basic';
  accessToken?: string | undefined;
  in?: 'header' | 'query';
  name?: string;
  apiKey?: string;
  apiKeyPrefix?: string;
  username?: string;
  password?: string;
}

const FORM = 'application/x-www-form-urlencoded';
// The HTTP library of the official SDK sends this Accept on login requests, which set none themselves.
const LOGIN_ACCEPT = 'application/json, text/plain, */*';

export class ApiClient implements OperationInvoker {
  private static current: ApiClient | undefined;

  /** The shared client used by API classes constructed without one. */
  static get instance(): ApiClient {
    if (!ApiClient.current) ApiClient.current = new ApiClient();
    return ApiClient.current;
  }

  static set instance(value: ApiClient) {
    ApiClient.current = value;
  }

  get instance(): ApiClient {
    return ApiClient.instance;
  }

  set instance(value: ApiClient) {
    ApiClient.instance = value;
  }

  readonly CollectionFormatEnum = { CSV: ',', SSV: ' ', TSV: '\t', PIPES: '|', MULTI: 'multi' } as const;
  authentications: Record<string, Authentication> = {
    'Guest Chat JWT': { type: 'apiKey', in: 'header', name: 'Authorization' },
    'PureCloud OAuth': { type: 'oauth2' },
  };
  defaultHeaders: Record<string, string> = {};
  /** Milliseconds per request (the official default, 16 s). */
  timeout = 16000;
  authData: AuthData = {};
  settingsPrefix = 'purecloud';
  persistSettings = false;
  returnExtended = false;
  private localStorageOverride: boolean | undefined;
  useLegacyParameterFilter = false;
  refreshInProgress = false;
  config = new Configuration();
  httpClient: AbstractHttpClient | undefined;
  proxyAgent: unknown;
  clientId: string | undefined;
  clientSecret: string | undefined;
  redirectUri: string | undefined;
  codeVerifier: string | undefined;
  storageKey: string | undefined;

  /** @internal Rejection shape: seed 001 (default) or seed 000 for PureCloudSession. */
  errorStyle: 'v2' | 'legacy' = 'v2';
  private logger: Logger | undefined;
  private loggerStale = true;
  private refreshing: Promise<void> | undefined;

  /** `register: false` (Skyport) keeps this client from becoming ApiClient.instance. */
  constructor(options?: { register?: boolean }) {
    if (!ApiClient.current && options?.register !== false) ApiClient.current = this;
    this.config.onChange = () => {
      this.loggerStale = true;
    };
  }

  /** Whether Web Storage can be used (checked when needed, so storage installed later is seen). */
  get hasLocalStorage(): boolean {
    return this.localStorageOverride ?? probeLocalStorage();
  }

  set hasLocalStorage(value: boolean) {
    this.localStorageOverride = value;
  }

  // ----- settings -------------------------------------------------------------------------------------------

  /** `mypurecloud.ie`, `api.mypurecloud.ie`, `https://api.mypurecloud.ie` or a PureCloudRegionHosts value. */
  setEnvironment(environment?: string): void {
    this.config.setEnvironment(environment);
  }

  setGateway(gateway?: GatewayConfiguration): void {
    this.config.setGateway(gateway);
  }

  setReturnExtendedResponses(returnExtended: boolean): void {
    this.returnExtended = returnExtended;
  }

  /** Keeps the token in localStorage under `<prefix>_auth_data` (browsers). */
  setPersistSettings(doPersist: boolean, prefix?: string): void {
    this.persistSettings = doPersist;
    this.settingsPrefix = prefix ? prefix.replace(/\W+/g, '_') : 'purecloud';
  }

  setStorageKey(storageKey: string): void {
    this.storageKey = storageKey;
    this.setAccessToken(this.authentications['PureCloud OAuth']?.accessToken as string);
  }

  setDefaultHeaders(newHeaders: Record<string, string>): void {
    if (!newHeaders || typeof newHeaders !== 'object' || Array.isArray(newHeaders)) {
      throw new TypeError('setDefaultHeaders: default headers must be an object of name → value');
    }
    this.defaultHeaders = newHeaders;
  }

  getDefaultHeaders(): Record<string, string> {
    return this.defaultHeaders;
  }

  setGenesysAppHeader(headerValue: string): void {
    if (!headerValue || typeof headerValue !== 'string') {
      throw new TypeError('setGenesysAppHeader: headerValue must be a non-empty string');
    }
    this.defaultHeaders = { ...this.defaultHeaders, 'Genesys-App': headerValue };
  }

  getGenesysAppHeader(): string | null {
    return this.defaultHeaders['Genesys-App'] ?? null;
  }

  setUseLegacyParameterFilter(useLegacyParameterFilter: boolean): void {
    this.useLegacyParameterFilter = useLegacyParameterFilter;
  }

  getUseLegacyParameterFilter(): boolean {
    return this.useLegacyParameterFilter;
  }

  /**
   * Traces every request and response to `log` (seed 001). With `maxLines`, logged bodies are cut to that many
   * lines. Secrets (tokens, passwords, client secrets) are redacted. `setDebugLog(null)` turns it off.
   */
  setDebugLog(log: ((line: string) => void) | null | undefined, maxLines?: number): void {
    const l = this.config.logger;
    if (!log) {
      l.fn = undefined;
      l.log_level = 'none';
    } else {
      if (typeof log !== 'function') throw new TypeError('setDebugLog: log must be a function');
      l.fn = log;
      l.log_level = 'trace';
      l.log_request_body = true;
      l.log_response_body = true;
    }
    l.maxBodyLines = maxLines && maxLines > 0 ? maxLines : undefined;
    this.loggerStale = true;
  }

  /** Replaces the http client; it must extend AbstractHttpClient (or at least have `request(options)`). */
  setHttpClient(httpClient: AbstractHttpClient): void {
    const ok =
      httpClient instanceof AbstractHttpClient ||
      (typeof httpClient === 'object' &&
        httpClient !== null &&
        typeof (httpClient as { request?: unknown }).request === 'function');
    if (!ok) {
      throw new TypeError('setHttpClient: the client must extend AbstractHttpClient (see DefaultHttpClient)');
    }
    this.httpClient = httpClient;
  }

  getHttpClient(): AbstractHttpClient {
    if (!this.httpClient) this.httpClient = new DefaultHttpClient(this.timeout, this.proxyAgent);
    return this.httpClient;
  }

  /**
   * An agent for outgoing requests. The default client reads a proxy URL from it (`agent.proxy`, as
   * https-proxy-agent has) and TLS settings from `agent.options` (as an https.Agent has).
   */
  setProxyAgent(agent: unknown): void {
    this.proxyAgent = agent;
    this.getHttpClient().setHttpsAgent(agent);
  }

  /** Client certificate, key and CA from PEM files (mTLS; Node only). */
  setMTLSCertificates(certPath?: string, keyPath?: string, caPath?: string): void {
    if (isBrowser()) {
      throw new Error('mTLS is handled by the browser; certificates cannot be set from code there');
    }
    this.applyTls({
      ...(certPath ? { certPath } : {}),
      ...(keyPath ? { keyPath } : {}),
      ...(caPath ? { caPath } : {}),
      rejectUnauthorized: true,
    });
  }

  /** Client certificate, key and CA as PEM text (mTLS; Node only). */
  setMTLSContents(certContent?: string, keyContent?: string, caContent?: string): void {
    if (isBrowser()) {
      throw new Error('mTLS is handled by the browser; certificates cannot be set from code there');
    }
    this.applyTls({
      ...(certContent ? { cert: certContent } : {}),
      ...(keyContent ? { key: keyContent } : {}),
      ...(caContent ? { ca: caContent } : {}),
      rejectUnauthorized: true,
    });
  }

  private applyTls(tls: Record<string, unknown>): void {
    const http = this.getHttpClient();
    if (http instanceof DefaultHttpClient) http.configure({ tls });
    else http.setHttpsAgent({ options: tls });
  }

  /** Runs `hook(requestOptions)` before each request; it may change or replace them. */
  setPreHook(preHook: (config: HttpRequestOptions) => HttpRequestOptions | undefined): void {
    this.getHttpClient().setPreHook(preHook);
  }

  /** Runs `hook(response)` after each response; it may change or replace it. */
  setPostHook(postHook: (response: HttpResponse) => HttpResponse | undefined): void {
    this.getHttpClient().setPostHook(postHook);
  }

  // ----- authorization popup settings ---------------------------------------------------------------------

  private popupConfiguration: AuthPopupConfiguration = { ...DEFAULT_POPUP };
  private popupListeners: AuthPopupStatusListener[] = [];
  onAuthPopupStatus: AuthPopupStatusListener | null = null;

  /**
   * Popup settings are kept so code that sets them keeps running; logins with `usePopup: true` are refused
   * (the compat layer signs in by redirecting the page).
   */
  getAuthPopupConfiguration(): AuthPopupConfiguration {
    return this.popupConfiguration;
  }

  setAuthPopupConfiguration(configuration: AuthPopupConfiguration): void {
    this.popupConfiguration = { ...DEFAULT_POPUP, ...cleanPopup(configuration) };
  }

  updateAuthPopupConfiguration(configuration: AuthPopupConfiguration): void {
    this.popupConfiguration = { ...this.popupConfiguration, ...cleanPopup(configuration) };
  }

  addAuthPopupStatusListener(listener: AuthPopupStatusListener): void {
    if (typeof listener === 'function') this.popupListeners.push(listener);
  }

  removeAuthPopupStatusListener(listener: AuthPopupStatusListener): void {
    this.popupListeners = this.popupListeners.filter((l) => l !== listener);
  }

  removeAllAuthPopupStatusListeners(): void {
    this.popupListeners = [];
  }

  private refusePopup(opts: LoginImplicitGrantOptions, method: string): void {
    const merged = { ...this.popupConfiguration, ...cleanPopup(opts.authPopupConfiguration) };
    if (merged.usePopup === true) {
      throw new Error(
        `${method}: authorization popups (usePopup: true) are not supported by @skyport/genesys-cloud/compat; ` +
          'the login redirects the page instead',
      );
    }
  }

  // ----- token state ----------------------------------------------------------------------------------------

  setAccessToken(token: string | undefined): void {
    this.saveSettings({ accessToken: token });
  }

  clearAccessToken(): void {
    this.clearSettings();
  }

  setAuthData(authData: AuthData): void {
    this.saveSettings(authData);
  }

  clearAuthData(): void {
    this.clearSettings();
  }

  private storageName(): string {
    return `${this.settingsPrefix}_auth_data`;
  }

  private saveSettings(opts: AuthData): void {
    this.authData.accessToken = opts.accessToken;
    const oauth = this.authentications['PureCloud OAuth'];
    if (oauth) oauth.accessToken = opts.accessToken;
    if (opts.state) this.authData.state = opts.state;
    if (opts.error !== undefined) this.authData.error = opts.error;
    else delete this.authData.error;
    if (opts.error_description !== undefined) this.authData.error_description = opts.error_description;
    else delete this.authData.error_description;
    if (opts.tokenExpiryTime) {
      this.authData.tokenExpiryTime = opts.tokenExpiryTime;
      if (opts.tokenExpiryTimeString) this.authData.tokenExpiryTimeString = opts.tokenExpiryTimeString;
    }
    this.persist();
  }

  private persist(): void {
    if (this.persistSettings !== true || !this.hasLocalStorage) return;
    const { state: _state, ...kept } = this.authData;
    storage('localStorage')?.setItem(this.storageName(), JSON.stringify(kept));
  }

  private loadSettings(): void {
    if (this.persistSettings !== true || !this.hasLocalStorage) return;
    const state = this.authData.state;
    const raw = storage('localStorage')?.getItem(this.storageName());
    let loaded: AuthData = {};
    if (raw) {
      try {
        loaded = JSON.parse(raw) as AuthData;
      } catch {
        loaded = {};
      }
    }
    this.authData = loaded;
    if (loaded.accessToken) this.setAccessToken(loaded.accessToken);
    if (state !== undefined) this.authData.state = state;
  }

  private clearSettings(): void {
    const oauth = this.authentications['PureCloud OAuth'];
    if (oauth) oauth.accessToken = undefined;
    this.authData = {};
    this.persist();
  }

  private setExpiry(expiresIn: unknown, target: AuthData = this.authData): void {
    if (expiresIn === undefined || expiresIn === null) return;
    target.tokenExpiryTime = Date.now() + Number(expiresIn) * 1000;
    target.tokenExpiryTimeString = new Date(target.tokenExpiryTime).toUTCString();
  }

  // ----- logins ---------------------------------------------------------------------------------------------

  private loginBase(): string {
    return this.config.getConfUrl('login', this.config.authUrl);
  }

  /** POST <login>/oauth/token through the http client; resolves to the token response body. */
  private async tokenRequest(
    headers: Record<string, string>,
    form: Record<string, string>,
  ): Promise<Record<string, unknown>> {
    const url = `${this.loginBase()}/oauth/token`;
    const req = new HttpRequestOptions(
      url,
      'POST',
      { Accept: LOGIN_ACCEPT, ...headers, 'Content-Type': FORM },
      null,
      new URLSearchParams(form).toString(),
      this.timeout,
    );
    const started = performance.now();
    try {
      const res = await this.getHttpClient().request(req);
      this.log(req, res, form, started);
      const data = res.data;
      if (
        !data ||
        typeof data !== 'object' ||
        typeof (data as { access_token?: unknown }).access_token !== 'string'
      ) {
        throw new ValidationError(
          `the login service answered ${res.status} without an access_token (${url})`,
        );
      }
      return data as Record<string, unknown>;
    } catch (err) {
      throw this.failure(req, err, form, started);
    }
  }

  /** Client credentials grant (Node only). Resolves to authData. */
  async loginClientCredentialsGrant(clientId: string, clientSecret: string): Promise<AuthData> {
    this.clientId = clientId;
    if (isBrowser()) throw new Error('The client credentials grant is not supported in a browser.');
    const data = await this.tokenRequest(
      { Authorization: `Basic ${base64(`${clientId}:${clientSecret}`)}` },
      { grant_type: 'client_credentials' },
    );
    this.setAccessToken(data.access_token as string);
    this.setExpiry(data.expires_in);
    return this.authData;
  }

  /** SAML2 bearer grant (Node only): exchanges a base64 SAML assertion for a token. */
  async loginSaml2BearerGrant(
    clientId: string,
    clientSecret: string,
    orgName: string,
    assertion: string,
  ): Promise<AuthData> {
    this.clientId = clientId;
    if (isBrowser()) throw new Error('The saml2bearer grant is not supported in a browser.');
    const data = await this.tokenRequest(
      { Authorization: `Basic ${base64(`${clientId}:${clientSecret}`)}` },
      { grant_type: 'urn:ietf:params:oauth:grant-type:saml2-bearer', orgName, assertion },
    );
    this.setAccessToken(data.access_token as string);
    this.setExpiry(data.expires_in);
    return this.authData;
  }

  /** Authorization code grant (Node only); keeps the refresh token for transparent refresh on 401. */
  async loginCodeAuthorizationGrant(
    clientId: string,
    clientSecret: string,
    authCode: string,
    redirectUri: string,
  ): Promise<AuthData> {
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    if (isBrowser()) throw new Error('The Code Authorization grant is not supported in a browser.');
    return this.codeTokens(clientId, clientSecret, {
      grant_type: 'authorization_code',
      code: authCode,
      redirect_uri: redirectUri,
    });
  }

  /** Exchanges a refresh token (Node only). */
  async refreshCodeAuthorizationGrant(
    clientId: string,
    clientSecret: string,
    refreshToken: string,
  ): Promise<AuthData> {
    if (isBrowser()) throw new Error('The Code Authorization grant is not supported in a browser.');
    return this.codeTokens(clientId, clientSecret, {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
    });
  }

  private async codeTokens(
    clientId: string,
    clientSecret: string,
    form: Record<string, string>,
  ): Promise<AuthData> {
    const data = await this.tokenRequest(
      { Authorization: `Basic ${base64(`${clientId}:${clientSecret}`)}` },
      form,
    );
    this.setAccessToken(data.access_token as string);
    this.authData.refreshToken = data.refresh_token as string | undefined;
    this.setExpiry(data.expires_in);
    return this.authData;
  }

  /** Completes a PKCE login: exchanges the authorization code with the verifier (public client, no secret). */
  async authorizePKCEGrant(
    clientId: string,
    codeVerifier: string,
    authCode: string,
    redirectUri: string,
  ): Promise<AuthData> {
    this.clientId = clientId;
    const data = await this.tokenRequest(
      {},
      {
        grant_type: 'authorization_code',
        code: authCode,
        code_verifier: codeVerifier,
        client_id: clientId,
        redirect_uri: redirectUri,
      },
    );
    const settings: AuthData = { accessToken: data.access_token as string };
    this.setExpiry(data.expires_in, settings);
    this.saveSettings(settings);
    return this.authData;
  }

  /** A random PKCE code verifier of nChar (43..128) unreserved characters. */
  generatePKCECodeVerifier(nChar: number): string {
    if (!(Number.isInteger(nChar) && nChar >= 43 && nChar <= 128)) {
      throw new RangeError(
        `PKCE Code Verifier (length) must be between 43 and 128 characters (got ${nChar})`,
      );
    }
    return generatePkceVerifier(nChar);
  }

  /** The S256 code challenge (base64url of the SHA-256 of the verifier). */
  computePKCECodeChallenge(code: string): Promise<string> {
    if (typeof code !== 'string' || code.length < 43 || code.length > 128) {
      throw new RangeError('PKCE Code Verifier (length) must be between 43 and 128 characters');
    }
    return computePkceChallenge(code);
  }

  /**
   * Implicit grant (browsers): takes the token from the URL hash after the redirect back, else reuses a stored
   * token that still works, else sends the browser to the login page.
   */
  loginImplicitGrant(
    clientId: string,
    redirectUri: string,
    opts: LoginImplicitGrantOptions = {},
  ): Promise<AuthData> {
    const hash = this.takeTokenFromHash();
    this.clientId = clientId;
    this.redirectUri = redirectUri;
    return (async () => {
      const o = opts ?? {};
      if (o.org && !o.provider) throw new Error('opts.provider must be set if opts.org is set');
      if (o.provider && !o.org) throw new Error('opts.org must be set if opts.provider is set');
      if (hash?.error) {
        this.saveSettings({ ...hash, accessToken: undefined });
        throw new Error(`[${hash.error}] ${hash.error_description}`);
      }
      try {
        await this.testTokenAccess();
        if (!this.authData.state && o.state) this.authData.state = o.state;
        return this.authData;
      } catch {
        const query: Record<string, string> = {
          client_id: clientId,
          redirect_uri: redirectUri,
          response_type: 'token',
        };
        this.addLoginOptions(query, o);
        this.refusePopup(o, 'loginImplicitGrant');
        return this.redirect(this.authUrl('oauth/authorize', query), 'loginImplicitGrant');
      }
    })();
  }

  /**
   * PKCE grant (browsers): exchanges the `code` of the redirect back (verifier from the argument or
   * sessionStorage), else reuses a stored token that still works, else sends the browser to the login page.
   */
  loginPKCEGrant(
    clientId: string,
    redirectUri: string,
    opts: LoginPKCEGrantOptions = {},
    codeVerifier?: string,
  ): Promise<AuthData> {
    if (!this.hasLocalStorage && !codeVerifier) {
      throw new Error('loginPKCEGrant requires Local Storage or codeVerifier as input parameter');
    }
    const query = this.takeCodeFromQuery();
    this.clientId = clientId;
    this.redirectUri = redirectUri;
    this.codeVerifier = codeVerifier;
    const session = storage('sessionStorage');
    const verifierKey = `${this.settingsPrefix}_pkce_code_verifier`;
    const forgetVerifier = () => {
      session?.removeItem('genesys_cloud_sdk_pkce_code_verifier');
      session?.removeItem(verifierKey);
    };
    return (async () => {
      const o = opts ?? {};
      if (o.org && !o.provider) throw new Error('opts.provider must be set if opts.org is set');
      if (o.provider && !o.org) throw new Error('opts.org must be set if opts.provider is set');
      if (query?.error) {
        forgetVerifier();
        this.saveSettings({ accessToken: undefined });
        throw new Error(`[${query.error}] ${query.error_description}`);
      }
      if (query?.code) {
        const verifier = this.codeVerifier ?? session?.getItem(verifierKey) ?? undefined;
        if (!verifier) throw new Error('loginPKCEGrant: no code verifier for the authorization code');
        try {
          await this.authorizePKCEGrant(clientId, verifier, query.code, redirectUri);
          await this.testTokenAccess();
        } catch (err) {
          this.saveSettings({ accessToken: undefined });
          throw err;
        } finally {
          forgetVerifier();
        }
        if (!this.authData.state && query.state) this.authData.state = query.state;
        return this.authData;
      }
      try {
        await this.testTokenAccess();
        if (!this.authData.state && o.state) this.authData.state = o.state;
        return this.authData;
      } catch {
        if (!this.codeVerifier) {
          this.codeVerifier = this.generatePKCECodeVerifier(128);
          session?.setItem('genesys_cloud_sdk_pkce_code_verifier', this.codeVerifier);
          session?.setItem(verifierKey, this.codeVerifier);
        }
        const tokenQuery: Record<string, string> = {
          client_id: clientId,
          redirect_uri: redirectUri,
          code_challenge: await this.computePKCECodeChallenge(this.codeVerifier),
          response_type: 'code',
          code_challenge_method: 'S256',
        };
        this.addLoginOptions(tokenQuery, o);
        this.refusePopup(o, 'loginPKCEGrant');
        return this.redirect(this.authUrl('oauth/authorize', tokenQuery), 'loginPKCEGrant');
      }
    })();
  }

  /** Forgets the token and, in a browser, goes to the login service's logout page. Returns that URL. */
  logout(logoutRedirectUri?: string): string {
    this.saveSettings({ accessToken: undefined });
    delete this.authData.tokenExpiryTime;
    delete this.authData.tokenExpiryTimeString;
    delete this.authData.state;
    this.persist();
    const query: Record<string, string> = {};
    if (this.clientId) query.client_id = this.clientId;
    if (logoutRedirectUri) query.redirect_uri = logoutRedirectUri;
    const url = this.authUrl('logout', query);
    browserWindow()?.location.replace(url);
    return url;
  }

  private addLoginOptions(query: Record<string, string>, o: LoginImplicitGrantOptions): void {
    if (o.state) query.state = o.state;
    if (o.org) query.org = o.org;
    if (o.provider) query.provider = o.provider;
    if (o.target) query.target = o.target;
    if (o.login_hint) query.login_hint = o.login_hint;
    if (o.prompt === 'login') query.prompt = o.prompt;
  }

  private authUrl(path: string, query: Record<string, string>): string {
    const base = this.config.getConfUrl('login', this.config.authUrl);
    const qs = new URLSearchParams(query).toString();
    return qs ? `${base}/${path}?${qs}` : `${base}/${path}`;
  }

  /** Navigates to the login page; the returned promise stays pending while the page unloads. */
  private redirect(url: string, method: string): Promise<AuthData> {
    const w = browserWindow();
    if (!w) {
      throw new Error(
        `${method} needs a browser to show the login page (${url}); in Node use loginClientCredentialsGrant, ` +
          'loginCodeAuthorizationGrant, authorizePKCEGrant or setAccessToken',
      );
    }
    w.location.replace(url);
    return new Promise<AuthData>(() => {});
  }

  private removeFromUrl(keepSearch: boolean): void {
    const w = browserWindow();
    if (!w?.history) return;
    const loc = w.location;
    w.history.replaceState('', w.document?.title ?? '', loc.pathname + (keepSearch ? loc.search : ''));
  }

  private takeTokenFromHash(): AuthData | undefined {
    const w = browserWindow();
    if (!w?.location.hash) return undefined;
    const hash = readRedirectHash(w.location.hash);
    if (hash.error)
      return {
        error: hash.error,
        ...(hash.error_description ? { error_description: hash.error_description } : {}),
      };
    if (!hash.access_token) return undefined;
    const settings: AuthData = { accessToken: hash.access_token };
    if (hash.state) settings.state = hash.state;
    if (hash.expires_in) this.setExpiry(Number.parseInt(hash.expires_in, 10), settings);
    this.removeFromUrl(true);
    this.saveSettings(settings);
    return settings;
  }

  private takeCodeFromQuery(): RedirectQuery | undefined {
    const w = browserWindow();
    if (!w?.location.search) return undefined;
    const out = readRedirectQuery(w.location.search);
    if (out.error) return out;
    this.removeFromUrl(false);
    return out;
  }

  /** Checks the current token with GET /api/v2/tokens/me; a token that fails is forgotten. */
  private async testTokenAccess(): Promise<void> {
    this.loadSettings();
    if (!this.authentications['PureCloud OAuth']?.accessToken) throw new Error('Token is not set');
    try {
      await this.callApi(
        '/api/v2/tokens/me',
        'GET',
        null,
        null,
        null,
        null,
        null,
        ['PureCloud OAuth'],
        ['application/json'],
        ['application/json'],
      );
    } catch (err) {
      this.saveSettings({ accessToken: undefined });
      throw err;
    }
  }

  /** One refresh at a time; calls arriving meanwhile wait up to refresh_token_wait_max seconds. */
  private async handleExpiredAccessToken(): Promise<void> {
    if (isBrowser()) throw new Error('Refreshing an access token is not supported in a browser.');
    if (!this.refreshing) {
      this.refreshInProgress = true;
      const p = this.refreshCodeAuthorizationGrant(
        this.clientId as string,
        this.clientSecret as string,
        this.authData.refreshToken as string,
      ).then(() => undefined);
      this.refreshing = p;
      try {
        await p;
      } finally {
        this.refreshing = undefined;
        this.refreshInProgress = false;
      }
      return;
    }
    const seconds = this.config.refresh_token_wait_max;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        this.refreshing,
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`Token refresh took longer than ${seconds} seconds`)),
            seconds * 1000,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  // ----- calls ----------------------------------------------------------------------------------------------

  /** The official collection helper: csv/ssv/tsv/pipes join, multi keeps the array. */
  buildCollectionParam(param: unknown, collectionFormat: string): string | string[] | undefined {
    if (!param) return undefined;
    const items = (Array.isArray(param) ? param : [param]).map((x) =>
      paramToString(x, this.useLegacyParameterFilter),
    );
    const sep = { csv: ',', ssv: ' ', tsv: '\t', pipes: '|' }[collectionFormat];
    if (sep !== undefined) return items.join(sep);
    if (collectionFormat === 'multi') return items;
    throw new TypeError(`Unknown collection format: ${collectionFormat}`);
  }

  /** OperationInvoker: runs a generated operation with the official SDK's request conventions. */
  call<T>(operation: OperationDescriptor, args: object | undefined, options?: CallOptions): Promise<T> {
    const values = (args ?? {}) as Record<string, unknown>;
    const legacy = this.useLegacyParameterFilter;
    const pathParams: Record<string, unknown> = {};
    const queryParams: Record<string, unknown> = {};
    const headerParams: Record<string, unknown> = {};
    const formParams: Record<string, unknown> = {};
    let body: unknown = null;
    for (const p of operation.params) {
      const value = paramValue(values, p);
      if (p.required && (value === undefined || value === null || (p.in === 'path' && value === ''))) {
        return Promise.reject(
          new ValidationError(`Missing the required parameter "${p.key}" when calling ${operation.id}`),
        );
      }
      switch (p.in) {
        case 'path':
          pathParams[p.name] = value;
          break;
        case 'query':
          queryParams[p.name] = p.type === 'array' ? collectionParam(value, legacy) : value;
          break;
        case 'header':
          headerParams[p.name] = value;
          break;
        case 'formData':
          formParams[p.name] = value;
          break;
        case 'body':
          body = value ?? null;
          break;
      }
    }
    const custom = values.customHeaders ?? options?.headers;
    // Through callApi, which code written for the official SDK may wrap (with lists of its own, as there).
    return this.callApi(
      operation.path,
      operation.method,
      pathParams,
      queryParams,
      headerParams,
      formParams,
      body,
      ['PureCloud OAuth'],
      operation.consumes ? operation.consumes.slice() : ['application/json'],
      operation.produces ? operation.produces.slice() : ['application/json'],
      custom as Record<string, string> | undefined,
      options,
    ) as Promise<T>;
  }

  /** The official low-level call (also used by code that calls ApiClient.callApi directly). */
  callApi(
    path: string,
    httpMethod: string,
    pathParams: Record<string, unknown> | null,
    queryParams: Record<string, unknown> | null,
    headerParams: Record<string, unknown> | null,
    formParams: Record<string, unknown> | null,
    bodyParam: unknown,
    authNames: string[],
    contentTypes: string[],
    accepts: string[],
    customHeaders?: Record<string, string>,
    options?: CallOptions,
  ): Promise<unknown> {
    return this.send(
      path,
      httpMethod,
      pathParams ?? {},
      queryParams ?? {},
      headerParams ?? {},
      formParams ?? {},
      bodyParam,
      authNames ?? [],
      contentTypes ?? [],
      accepts ?? [],
      customHeaders,
      options,
      false,
    );
  }

  private async send(
    path: string,
    httpMethod: string,
    pathParams: Record<string, unknown>,
    queryParams: Record<string, unknown>,
    headerParams: Record<string, unknown>,
    formParams: Record<string, unknown>,
    bodyParam: unknown,
    authNames: string[],
    contentTypes: string[],
    accepts: string[],
    customHeaders: Record<string, string> | undefined,
    options: CallOptions | undefined,
    retried: boolean,
  ): Promise<unknown> {
    const legacy = this.useLegacyParameterFilter;
    const query: Record<string, string> = {};
    for (const k in queryParams) {
      const v = queryParams[k];
      if (v !== undefined && Object.hasOwn(queryParams, k)) query[k] = queryValue(v, legacy);
    }
    const qs = buildQueryString(query);
    const url =
      this.config.getConfUrl('api', this.config.basePath) +
      fillPath(path, pathParams, legacy) +
      (qs ? `?${qs}` : '');

    const headers: Record<string, string> = {};
    this.applyAuth(headers, query, authNames);
    Object.assign(headers, this.defaultHeaders);
    for (const k in headerParams) {
      const v = headerParams[k];
      if (v !== undefined && Object.hasOwn(headerParams, k)) {
        headers[k] = Array.isArray(v) ? v.join(',') : paramToString(v, legacy);
      }
    }
    Object.assign(headers, checkCustomHeaders(customHeaders));
    const contentType = preferredMime(contentTypes);
    if (contentType) headers['Content-Type'] = contentType;
    else if (!headers['Content-Type']) headers['Content-Type'] = 'application/json';

    let data: unknown;
    const form =
      contentType === FORM || contentType === 'multipart/form-data'
        ? Object.entries(formParams).filter(([, v]) => v !== undefined)
        : [];
    if (contentType === FORM) {
      data = new URLSearchParams(form.map(([k, v]) => [k, paramToString(v, legacy)])).toString();
    } else if (contentType === 'multipart/form-data') {
      const fd = new FormData();
      for (const [k, v] of form) fd.set(k, v instanceof Blob ? v : paramToString(v, legacy));
      data = fd;
      // fetch/undici write the boundary into the Content-Type themselves.
      delete headers['Content-Type'];
    } else if (bodyParam) {
      data =
        !contentType ||
        /json/i.test(contentType) ||
        (typeof bodyParam === 'object' && !(bodyParam instanceof Uint8Array))
          ? jsonBodyText(bodyParam)
          : bodyParam;
    }
    const accept = preferredMime(accepts);
    if (accept) headers.Accept = accept;

    const sentToken = this.authentications['PureCloud OAuth']?.accessToken;
    const req = new HttpRequestOptions(url, httpMethod, headers, query, data, this.timeout);
    if (options?.signal) req.signal = options.signal;
    if (options?.timeout !== undefined) req.setTimeout(options.timeout);
    const started = performance.now();
    let res: HttpResponse;
    try {
      res = await this.getHttpClient().request(req);
    } catch (err) {
      const response = (err as HttpClientError)?.response;
      if (
        response?.status === 401 &&
        !retried &&
        this.config.refresh_access_token &&
        this.authData.refreshToken &&
        this.clientId &&
        this.clientSecret !== undefined
      ) {
        this.log(req, response, bodyParam, started);
        // Only refresh when the token that failed is still the current one: a call whose 401 arrives after
        // another call's refresh simply goes again with the new token.
        if (sentToken === this.authentications['PureCloud OAuth']?.accessToken) {
          await this.handleExpiredAccessToken();
        }
        return this.send(
          path,
          httpMethod,
          pathParams,
          queryParams,
          headerParams,
          formParams,
          bodyParam,
          authNames,
          contentTypes,
          accepts,
          customHeaders,
          options,
          true,
        );
      }
      throw this.failure(req, err, bodyParam, started);
    }
    this.log(req, res, bodyParam, started);
    if (this.returnExtended) {
      const extended: ExtendedResponse = {
        status: res.status,
        statusText: res.statusText,
        headers: res.headers,
        body: res.data,
        text: res.text,
        error: null,
      };
      return extended;
    }
    const d = res.data;
    return d === undefined || d === null || d === '' ? undefined : d;
  }

  private applyAuth(
    headers: Record<string, string>,
    query: Record<string, string>,
    authNames: string[],
  ): void {
    for (const name of authNames) {
      const auth = this.authentications[name];
      if (!auth) throw new TypeError(`Unknown authentication: ${name}`);
      if (auth.type === 'oauth2') {
        if (auth.accessToken) headers.Authorization = `Bearer ${auth.accessToken}`;
      } else if (auth.type === 'apiKey') {
        if (!auth.apiKey || !auth.name) continue;
        const value = auth.apiKeyPrefix ? `${auth.apiKeyPrefix} ${auth.apiKey}` : auth.apiKey;
        if (auth.in === 'header') headers[auth.name] = value;
        else query[auth.name] = value;
      } else if (auth.type === 'basic' && (auth.username || auth.password)) {
        headers.Authorization = `Basic ${base64(`${auth.username ?? ''}:${auth.password ?? ''}`)}`;
      }
    }
  }

  /** The rejection for a failed request: the documented error shape when a response came back. */
  private failure(req: HttpRequestOptions, err: unknown, requestBody: unknown, started: number): unknown {
    const response = (err as HttpClientError)?.response;
    if (!response) {
      this.activeLogger()?.logHttp(
        { method: req.method, url: req.url, requestHeaders: req.headers ?? {}, requestBody, error: err },
        true,
      );
      return err;
    }
    this.log(req, response, requestBody, started, err);
    const error = err instanceof Error ? err : new Error(String(err));
    return this.errorStyle === 'legacy'
      ? new LegacyErrorResponse(response, error)
      : new ErrorResponse(response, error);
  }

  private activeLogger(): Logger | undefined {
    if (this.loggerStale) {
      this.loggerStale = false;
      this.logger?.close?.();
      const o = this.config.logger.toLoggerOptions();
      this.logger = o ? createLogger(o) : undefined;
    }
    return this.logger;
  }

  private log(
    req: HttpRequestOptions,
    res: HttpResponse,
    requestBody: unknown,
    started: number,
    error?: unknown,
  ): void {
    const logger = this.activeLogger();
    if (!logger) return;
    const correlationId = res.headers?.['inin-correlation-id'];
    logger.logHttp(
      {
        method: req.method,
        url: req.url,
        status: res.status,
        durationMs: performance.now() - started,
        requestHeaders: req.headers ?? {},
        responseHeaders: res.headers ?? {},
        requestBody,
        responseBody: res.data,
        ...(correlationId ? { correlationId } : {}),
        ...(error !== undefined ? { error } : {}),
      },
      error !== undefined || res.status >= 400,
    );
  }
}
