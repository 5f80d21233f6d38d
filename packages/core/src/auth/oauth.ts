// OAuth 2 grant helpers shared by Genesys Cloud and Particle. Each sends one form POST to the token endpoint
// through the HttpClient you pass (base 'login') and returns a TokenSet; failures become AuthError.
import type { HttpClientCore } from '../client/http-client.js';
import { ApiError, AuthError, messageOf, ValidationError } from '../errors/index.js';
import { base64, computePkceChallenge, randomState } from './pkce.js';
import type { TokenSet } from './types.js';

export interface GrantBase {
  /** Client used to send the token request (its loginUrl, transport, proxy, logging apply). */
  client: HttpClientCore;
  clientId: string;
  clientSecret?: string;
  /** Token endpoint path on the login base, or an absolute URL. Default '/oauth/token'. */
  tokenPath?: string;
  /** How client credentials are sent: HTTP Basic (default), form fields, or both. */
  clientAuth?: 'basic' | 'body' | 'both';
  /** Extra form fields (e.g. Particle's expires_in, or scope). */
  extra?: Record<string, string | number | boolean | undefined>;
  signal?: AbortSignal;
}

export interface ClientCredentialsOptions extends GrantBase {
  clientSecret: string;
  scope?: string;
}
export interface AuthorizationCodeOptions extends GrantBase {
  clientSecret: string;
  code: string;
  redirectUri: string;
}
export interface RefreshTokenOptions extends GrantBase {
  refreshToken: string;
}
export interface PkceTokenOptions extends GrantBase {
  code: string;
  codeVerifier: string;
  redirectUri: string;
}
export interface Saml2BearerOptions extends GrantBase {
  clientSecret: string;
  /** Genesys organisation name. */
  orgName: string;
  /** Base64-encoded SAML assertion. */
  assertion: string;
}
export interface PasswordOptions extends GrantBase {
  username: string;
  password: string;
}

export interface AuthorizeUrlOptions {
  /** Full authorize endpoint, e.g. https://login.mypurecloud.com/oauth/authorize. */
  authorizeUrl: string;
  clientId: string;
  redirectUri: string;
  /** 'token' for the implicit grant, 'code' for authorization code / PKCE. Default 'token'. */
  responseType?: 'token' | 'code';
  /** Random if omitted. */
  state?: string;
  scope?: string;
  /** For PKCE: the verifier; the challenge is computed (S256 unless codeChallengeMethod is 'plain'). */
  codeVerifier?: string;
  codeChallengeMethod?: 'S256' | 'plain';
  extra?: Record<string, string | undefined>;
}

function requireString(o: object, key: string, grant: string): string {
  const v = (o as Record<string, unknown>)[key];
  if (typeof v !== 'string' || v === '') throw new ValidationError(`${grant}: ${key} is required`);
  return v;
}

function basic(id: string, secret: string): string {
  return `Basic ${base64(new TextEncoder().encode(`${id}:${secret}`))}`;
}

/** Converts a token endpoint answer into a TokenSet. */
export function toTokenSet(raw: Record<string, unknown>, now = Date.now()): TokenSet {
  const accessToken = raw.access_token;
  if (typeof accessToken !== 'string' || !accessToken) {
    throw new AuthError('token response has no access_token');
  }
  const t: TokenSet = { accessToken, raw };
  if (typeof raw.token_type === 'string') t.tokenType = raw.token_type;
  const expiresIn = Number(raw.expires_in);
  if (raw.expires_in !== undefined && Number.isFinite(expiresIn) && expiresIn > 0)
    t.expiresAt = now + expiresIn * 1000;
  if (typeof raw.refresh_token === 'string') t.refreshToken = raw.refresh_token;
  if (typeof raw.scope === 'string') t.scope = raw.scope;
  return t;
}

async function tokenRequest(grant: string, o: GrantBase, fields: Record<string, unknown>): Promise<TokenSet> {
  if (!o?.client || typeof o.client.request !== 'function') {
    throw new ValidationError(`${grant}: client (an HttpClient) is required`);
  }
  requireString(o, 'clientId', grant);
  const mode = o.clientAuth ?? 'basic';
  const headers: Record<string, string> = {};
  const form: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...fields, ...(o.extra ?? {}) }))
    if (v !== undefined) form[k] = String(v);
  if (mode === 'basic' || mode === 'both') headers.authorization = basic(o.clientId, o.clientSecret ?? '');
  if (mode === 'body' || mode === 'both') {
    form.client_id = o.clientId;
    if (o.clientSecret !== undefined) form.client_secret = o.clientSecret;
  }
  if (mode === 'basic' && o.clientSecret === undefined) {
    // Public clients (PKCE, implicit) identify themselves in the body.
    delete headers.authorization;
    form.client_id = o.clientId;
  }
  return postTokenForm(grant, o.client, form, headers, o.tokenPath, o.signal);
}

/**
 * The token request itself, for callers that checked their options and built the form (client authentication
 * included): POSTs `form` to the token endpoint (base 'login', default path /oauth/token) and returns the TokenSet.
 * A failed request becomes an AuthError naming `grant`, with the OAuth error code and the ApiError as cause.
 */
export async function postTokenForm(
  grant: string,
  client: HttpClientCore,
  form: Record<string, string>,
  headers: Record<string, string> = {},
  tokenPath = '/oauth/token',
  signal?: AbortSignal,
): Promise<TokenSet> {
  const started = Date.now();
  let raw: unknown;
  try {
    raw = await client.request({
      method: 'POST',
      base: 'login',
      path: tokenPath,
      headers,
      body: form,
      bodyType: 'form',
      responseType: 'json',
      auth: false,
      extended: false,
      ...(signal ? { signal } : {}),
    });
  } catch (err) {
    if (err instanceof ApiError) {
      const b = err.body as { error?: unknown; error_description?: unknown; message?: unknown } | undefined;
      const code = typeof b?.error === 'string' ? b.error : undefined;
      const desc =
        (typeof b?.error_description === 'string' && b.error_description) ||
        (typeof b?.message === 'string' && b.message) ||
        err.text.slice(0, 200);
      throw new AuthError(
        `${grant} failed with status ${err.status}${code ? ` (${code})` : ''}${desc ? `: ${desc}` : ''}`,
        {
          cause: err,
          ...(code ? { code } : {}),
        },
      );
    }
    throw new AuthError(`${grant} failed: ${messageOf(err)}`, {
      cause: err,
    });
  }
  if (!raw || typeof raw !== 'object')
    throw new AuthError(`${grant}: token endpoint returned no JSON object`);
  return toTokenSet(raw as Record<string, unknown>, started);
}

/** Servers may omit the refresh token when it is unchanged: the answer to a refresh keeps the one used. */
export function keepRefreshToken(t: TokenSet, refreshToken: string): TokenSet {
  return t.refreshToken ? t : { ...t, refreshToken };
}

async function clientCredentials(o: ClientCredentialsOptions): Promise<TokenSet> {
  requireString(o, 'clientSecret', 'client credentials grant');
  return tokenRequest('client credentials grant', o, { grant_type: 'client_credentials', scope: o.scope });
}

async function authorizationCode(o: AuthorizationCodeOptions): Promise<TokenSet> {
  const g = 'authorization code grant';
  requireString(o, 'clientSecret', g);
  return tokenRequest(g, o, {
    grant_type: 'authorization_code',
    code: requireString(o, 'code', g),
    redirect_uri: requireString(o, 'redirectUri', g),
  });
}

async function refreshToken(o: RefreshTokenOptions): Promise<TokenSet> {
  const g = 'refresh token grant';
  return tokenRequest(g, o, {
    grant_type: 'refresh_token',
    refresh_token: requireString(o, 'refreshToken', g),
  }).then((t) => keepRefreshToken(t, o.refreshToken));
}

async function pkceToken(o: PkceTokenOptions): Promise<TokenSet> {
  const g = 'PKCE grant';
  return tokenRequest(g, o, {
    grant_type: 'authorization_code',
    code: requireString(o, 'code', g),
    code_verifier: requireString(o, 'codeVerifier', g),
    redirect_uri: requireString(o, 'redirectUri', g),
  });
}

async function saml2Bearer(o: Saml2BearerOptions): Promise<TokenSet> {
  const g = 'SAML2 bearer grant';
  requireString(o, 'clientSecret', g);
  return tokenRequest(g, o, {
    grant_type: 'urn:ietf:params:oauth:grant-type:saml2-bearer',
    orgName: requireString(o, 'orgName', g),
    assertion: requireString(o, 'assertion', g),
  });
}

async function password(o: PasswordOptions): Promise<TokenSet> {
  const g = 'password grant';
  return tokenRequest(
    g,
    { clientAuth: 'body', ...o },
    {
      grant_type: 'password',
      username: requireString(o, 'username', g),
      password: requireString(o, 'password', g),
    },
  );
}

/** Builds the authorize URL for the implicit or code/PKCE flows; keep `state` (and the verifier) to check the redirect. */
async function buildAuthorizeUrl(
  o: AuthorizeUrlOptions,
): Promise<{ url: string; state: string; codeChallenge?: string }> {
  const g = 'authorize URL';
  const base = requireString(o, 'authorizeUrl', g);
  let url: URL;
  try {
    url = new URL(base);
  } catch (cause) {
    throw new ValidationError(`${g}: authorizeUrl is not a valid URL`, { cause });
  }
  const state = o.state ?? randomState();
  url.searchParams.set('response_type', o.responseType ?? 'token');
  url.searchParams.set('client_id', requireString(o, 'clientId', g));
  url.searchParams.set('redirect_uri', requireString(o, 'redirectUri', g));
  url.searchParams.set('state', state);
  if (o.scope) url.searchParams.set('scope', o.scope);
  let codeChallenge: string | undefined;
  if (o.codeVerifier) {
    const method = o.codeChallengeMethod ?? 'S256';
    codeChallenge = await computePkceChallenge(o.codeVerifier, method);
    url.searchParams.set('code_challenge', codeChallenge);
    url.searchParams.set('code_challenge_method', method);
  }
  for (const [k, v] of Object.entries(o.extra ?? {})) if (v !== undefined) url.searchParams.set(k, v);
  return { url: url.toString(), state, ...(codeChallenge ? { codeChallenge } : {}) };
}

/**
 * Reads the token from an implicit-grant redirect (`#access_token=…&state=…`, or a full URL).
 * Rejects an OAuth error, a missing token, and a state different from the one sent.
 */
function parseImplicitRedirect(hashOrUrl: string, expectedState: string | undefined): TokenSet {
  if (typeof hashOrUrl !== 'string')
    throw new ValidationError('implicit redirect: expected a URL or hash string');
  const hashIndex = hashOrUrl.indexOf('#');
  const fragment = hashIndex >= 0 ? hashOrUrl.slice(hashIndex + 1) : hashOrUrl.replace(/^[?#]/, '');
  const params = new URLSearchParams(fragment);
  const error = params.get('error');
  if (error) {
    const desc = params.get('error_description');
    throw new AuthError(`implicit grant failed: ${error}${desc ? `: ${desc}` : ''}`, { code: error });
  }
  const state = params.get('state') ?? undefined;
  if (expectedState !== undefined && state !== expectedState) {
    throw new AuthError('implicit grant state mismatch: the redirect was not the answer to our request', {
      code: 'state_mismatch',
    });
  }
  const raw: Record<string, unknown> = Object.fromEntries(params.entries());
  if (!raw.access_token) throw new AuthError('implicit redirect has no access_token');
  return toTokenSet(raw);
}

// Each grant is also exported on its own (see shared.ts), so an app bundles only the grants it calls; `oauth`
// groups them all.
export {
  authorizationCode as authorizationCodeGrant,
  buildAuthorizeUrl,
  clientCredentials as clientCredentialsGrant,
  parseImplicitRedirect,
  password as passwordGrant,
  pkceToken as pkceGrant,
  refreshToken as refreshTokenGrant,
  saml2Bearer as saml2BearerGrant,
};

export const oauth = {
  clientCredentials,
  authorizationCode,
  refreshToken,
  pkceToken,
  saml2Bearer,
  password,
  buildAuthorizeUrl,
  parseImplicitRedirect,
};
