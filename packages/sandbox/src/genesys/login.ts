import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context.js';
import { basicCredentials, issueTokens, oauthError, revokeFamily } from './oauth.js';
import { SamlAssertionError, type SamlTrust, verifySamlAssertion } from './saml.js';
import type { GenesysState, OAuthClient } from './state.js';

export interface LoginOptions {
  tokenTtlSeconds: number;
  /** Identity provider trusted by the saml2-bearer grant (created on first use). */
  saml: () => SamlTrust;
}

const SAML_GRANT = 'urn:ietf:params:oauth:grant-type:saml2-bearer';
const GRANT_NAMES: Record<string, string> = {
  client_credentials: 'client_credentials',
  authorization_code: 'authorization_code',
  refresh_token: 'refresh_token',
  [SAML_GRANT]: 'saml2-bearer',
};

const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);

/** PKCE (RFC 7636): the verifier must be 43-128 unreserved characters and hash (S256) or equal (plain) the challenge. */
function pkceMatches(verifier: string, challenge: string, method: 'S256' | 'plain'): boolean {
  if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) return false;
  if (method === 'plain') return verifier === challenge;
  return createHash('sha256').update(verifier).digest('base64url') === challenge;
}

/** Genesys login service under /login: the token endpoint (every grant) and token revocation. */
export function registerLogin(
  app: FastifyInstance,
  ctx: SandboxContext,
  state: () => GenesysState,
  options: LoginOptions,
) {
  app.post('/login/oauth/token', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (typeof body !== 'object' || Array.isArray(body) || Buffer.isBuffer(body)) {
      return oauthError(reply, 400, 'invalid_request', 'body must be application/x-www-form-urlencoded');
    }
    const grant = str(body.grant_type);
    if (!grant) return oauthError(reply, 400, 'invalid_request', 'grant_type is required');
    const basic = basicCredentials(request.headers.authorization);
    const bodyId = str(body.client_id);
    if (basic && bodyId && bodyId !== basic.id) {
      return oauthError(reply, 400, 'invalid_request', 'client_id in the body differs from HTTP Basic auth');
    }
    const creds =
      basic ??
      (bodyId
        ? { id: bodyId, secret: typeof body.client_secret === 'string' ? body.client_secret : '' }
        : undefined);
    if (!creds) return oauthError(reply, 401, 'invalid_client', 'client authentication is required');
    const client = state().clients.get(creds.id);
    if (!client) return oauthError(reply, 401, 'invalid_client', `unknown client ${creds.id}`);
    // Public clients (no secret) may only use the PKCE code flow and refresh its tokens.
    if (client.secret === '' ? creds.secret !== '' : client.secret !== creds.secret) {
      return oauthError(reply, 401, 'invalid_client', 'wrong client secret');
    }
    const grantName = GRANT_NAMES[grant];
    if (!grantName) {
      return oauthError(reply, 400, 'unsupported_grant_type', `grant_type ${grant} is not supported`);
    }
    if (!client.grants.includes(grantName)) {
      return oauthError(reply, 400, 'unauthorized_client', `client ${client.id} may not use ${grant}`);
    }
    const s = state();
    const ttl = options.tokenTtlSeconds;
    const send = (tokens: object) => reply.header('cache-control', 'no-store').send(tokens);

    if (grant === 'client_credentials') {
      return send(issueTokens(ctx, s, ttl, { clientId: client.id, refresh: false }));
    }

    if (grant === 'authorization_code') {
      const code = str(body.code);
      if (!code) return oauthError(reply, 400, 'invalid_request', 'code is required');
      const entry = s.authCodes.get(code);
      if (!entry || entry.clientId !== client.id) {
        return oauthError(reply, 400, 'invalid_grant', 'unknown authorization code');
      }
      if (entry.used) {
        // A replayed code revokes what it issued (RFC 6749 section 4.1.2).
        for (const t of entry.issued) {
          const access = s.tokens.get(t);
          if (access?.family) revokeFamily(s, access.family);
        }
        return oauthError(reply, 400, 'invalid_grant', 'authorization code was already used');
      }
      if (entry.expiresAt <= ctx.now()) {
        return oauthError(reply, 400, 'invalid_grant', 'authorization code has expired');
      }
      if (str(body.redirect_uri) !== entry.redirectUri) {
        return oauthError(
          reply,
          400,
          'invalid_grant',
          'redirect_uri does not match the authorization request',
        );
      }
      if (entry.codeChallenge) {
        const verifier = str(body.code_verifier);
        if (!verifier) return oauthError(reply, 400, 'invalid_request', 'code_verifier is required (PKCE)');
        if (!pkceMatches(verifier, entry.codeChallenge, entry.codeChallengeMethod ?? 'plain')) {
          return oauthError(reply, 400, 'invalid_grant', 'code_verifier does not match the code_challenge');
        }
      } else if (client.secret === '') {
        return oauthError(reply, 400, 'invalid_grant', 'a public client must use PKCE');
      }
      entry.used = true;
      const tokens = issueTokens(ctx, s, ttl, { clientId: client.id, userId: entry.userId, refresh: true });
      entry.issued.push(tokens.access_token);
      return send(tokens);
    }

    if (grant === 'refresh_token') {
      const raw = str(body.refresh_token);
      if (!raw) return oauthError(reply, 400, 'invalid_request', 'refresh_token is required');
      const entry = s.refreshTokens.get(raw);
      if (!entry || entry.clientId !== client.id) {
        return oauthError(reply, 400, 'invalid_grant', 'unknown refresh token');
      }
      if (entry.revoked) return oauthError(reply, 400, 'invalid_grant', 'refresh token was revoked');
      if (entry.used) {
        // Rotation: a refresh token works once; replaying one revokes the whole login.
        revokeFamily(s, entry.family);
        return oauthError(
          reply,
          400,
          'invalid_grant',
          'refresh token was already used; the login is revoked',
        );
      }
      entry.used = true;
      return send(
        issueTokens(ctx, s, ttl, {
          clientId: client.id,
          ...(entry.userId ? { userId: entry.userId } : {}),
          refresh: true,
          family: entry.family,
        }),
      );
    }

    // saml2-bearer
    return samlGrant();

    function samlGrant() {
      if (!basic) {
        return oauthError(
          reply,
          401,
          'invalid_client',
          'the saml2-bearer grant needs HTTP Basic client auth',
        );
      }
      const assertion = str(body.assertion);
      if (!assertion) return oauthError(reply, 400, 'invalid_request', 'assertion is required');
      if (!str(body.orgName)) return oauthError(reply, 400, 'invalid_request', 'orgName is required');
      let nameId: string;
      try {
        nameId = verifySamlAssertion(assertion, options.saml(), ctx.now()).nameId;
      } catch (e) {
        if (e instanceof SamlAssertionError) return oauthError(reply, 400, 'invalid_grant', e.message);
        throw e;
      }
      const user = [...s.users.values()].find((u) => u.email.toLowerCase() === nameId.toLowerCase());
      if (!user) return oauthError(reply, 400, 'invalid_grant', `no user with NameID ${nameId}`);
      return send(
        issueTokens(ctx, s, ttl, {
          clientId: (client as OAuthClient).id,
          userId: user.id,
          refresh: client?.grants.includes('refresh_token') ?? false,
        }),
      );
    }
  });

  // RFC 7009 style revocation: a token (access or refresh) is revoked with its whole login; always answers 200.
  app.post('/login/oauth/revoke', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const raw = typeof body.token === 'string' ? body.token : undefined;
    const s = state();
    const access = raw ? s.tokens.get(raw) : undefined;
    const refresh = raw ? s.refreshTokens.get(raw) : undefined;
    if (access) {
      access.revoked = true;
      if (access.family) revokeFamily(s, access.family);
    }
    if (refresh) revokeFamily(s, refresh.family);
    return reply.code(200).send({});
  });
}
