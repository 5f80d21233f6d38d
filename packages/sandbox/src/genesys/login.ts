import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SandboxContext } from '../context.js';
import { randomId } from '../random.js';
import type { GenesysState } from './state.js';

export interface LoginOptions {
  tokenTtlSeconds: number;
}

/** RFC 6749 section 5.2 error body. */
function oauthError(reply: FastifyReply, status: number, error: string, description: string) {
  return reply.code(status).send({ error, error_description: description });
}

function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  if (!header?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return undefined;
  return { id: decoded.slice(0, i), secret: decoded.slice(i + 1) };
}

/** Genesys login service under /login: client-credentials token grant and token revocation. */
export function registerLogin(
  app: FastifyInstance,
  ctx: SandboxContext,
  state: () => GenesysState,
  options: LoginOptions,
) {
  app.post('/login/oauth/token', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (typeof body !== 'object' || Array.isArray(body)) {
      return oauthError(reply, 400, 'invalid_request', 'body must be application/x-www-form-urlencoded');
    }
    const grant = body.grant_type;
    if (typeof grant !== 'string' || grant.length === 0) {
      return oauthError(reply, 400, 'invalid_request', 'grant_type is required');
    }
    const creds =
      basicCredentials(request.headers.authorization) ??
      (typeof body.client_id === 'string'
        ? { id: body.client_id, secret: typeof body.client_secret === 'string' ? body.client_secret : '' }
        : undefined);
    if (!creds) return oauthError(reply, 401, 'invalid_client', 'client authentication is required');
    const client = state().clients.get(creds.id);
    if (!client || client.secret !== creds.secret) {
      return oauthError(reply, 401, 'invalid_client', 'unknown client or wrong secret');
    }
    if (grant !== 'client_credentials') {
      return oauthError(
        reply,
        400,
        'unsupported_grant_type',
        `grant_type ${grant} is not supported by this sandbox`,
      );
    }
    if (!client.grants.includes(grant)) {
      return oauthError(reply, 400, 'unauthorized_client', `client ${client.id} may not use ${grant}`);
    }
    const token = randomId(ctx.random).replace(/-/g, '') + randomId(ctx.random).replace(/-/g, '');
    state().tokens.set(token, {
      token,
      clientId: client.id,
      expiresAt: ctx.now() + options.tokenTtlSeconds * 1000,
      revoked: false,
    });
    return reply.send({ access_token: token, token_type: 'bearer', expires_in: options.tokenTtlSeconds });
  });

  // Revokes every token of the calling token's client (like DELETE /api/v2/tokens/me) or one token.
  app.post('/login/oauth/revoke', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const token = typeof body.token === 'string' ? state().tokens.get(body.token) : undefined;
    if (token) token.revoked = true;
    return reply.code(200).send({});
  });
}
