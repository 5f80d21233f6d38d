import type { FastifyReply } from 'fastify';
import type { SandboxContext } from '../context.js';
import { randomId } from '../random.js';
import type { GenesysState, OAuthClient, Token } from './state.js';

/** RFC 6749 section 5.2 error body. */
export function oauthError(reply: FastifyReply, status: number, error: string, description: string) {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .send({ error, error_description: description });
}

export function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  if (!header?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return undefined;
  return { id: decoded.slice(0, i), secret: decoded.slice(i + 1) };
}

/**
 * Whether `uri` is one of the client's registered redirect URIs. A registration `scheme://host:*` admits any port
 * and any path on that host; any other registration must match exactly (query and fragment aside, which are not
 * allowed in registrations).
 */
export function redirectAllowed(client: OAuthClient, uri: string): boolean {
  let target: URL;
  try {
    target = new URL(uri);
  } catch {
    return false;
  }
  if (target.hash) return false;
  return client.redirectUris.some((registered) => {
    const wild = /^(https?):\/\/(\[[^\]]+\]|[^/:]+):\*\/?$/.exec(registered);
    if (wild) return target.protocol === `${wild[1]}:` && target.hostname === wild[2];
    return registered === `${target.origin}${target.pathname}` && target.search === '';
  });
}

/** `domain:entity:action` permissions of a token: its user's roles, else its client's roles. */
export function tokenPermissions(state: GenesysState, token: Token): Set<string> {
  const roles = token.userId
    ? (state.accounts.get(accountOf(state, token.userId) ?? '')?.roles ?? ['employee'])
    : (state.clients.get(token.clientId)?.roles ?? []);
  return new Set(roles.flatMap((r) => state.roles.get(r)?.permissions ?? []));
}

function accountOf(state: GenesysState, userId: string): string | undefined {
  for (const a of state.accounts.values()) if (a.userId === userId) return a.username;
  return undefined;
}

function secret(ctx: SandboxContext): string {
  return randomId(ctx.random).replace(/-/g, '') + randomId(ctx.random).replace(/-/g, '');
}

export interface IssuedTokens {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  refresh_token?: string;
}

/** Issues an access token (and a refresh token when asked) for a client and optionally a user. */
export function issueTokens(
  ctx: SandboxContext,
  state: GenesysState,
  ttlSeconds: number,
  grant: { clientId: string; userId?: string; refresh: boolean; family?: string },
): IssuedTokens {
  const family = grant.family ?? (grant.refresh ? randomId(ctx.random) : undefined);
  const access = secret(ctx);
  state.tokens.set(access, {
    token: access,
    clientId: grant.clientId,
    ...(grant.userId ? { userId: grant.userId } : {}),
    ...(family ? { family } : {}),
    expiresAt: ctx.now() + ttlSeconds * 1000,
    revoked: false,
  });
  const out: IssuedTokens = { access_token: access, token_type: 'bearer', expires_in: ttlSeconds };
  if (grant.refresh && family) {
    const refresh = secret(ctx);
    state.refreshTokens.set(refresh, {
      token: refresh,
      clientId: grant.clientId,
      ...(grant.userId ? { userId: grant.userId } : {}),
      family,
      used: false,
      revoked: false,
    });
    out.refresh_token = refresh;
  }
  return out;
}

/** Revokes every access and refresh token of a login (refresh-token family). */
export function revokeFamily(state: GenesysState, family: string) {
  for (const t of state.tokens.values()) if (t.family === family) t.revoked = true;
  for (const r of state.refreshTokens.values()) if (r.family === family) r.revoked = true;
}
