import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as OTPAuth from 'otpauth';
import type { SandboxContext } from '../context.js';
import { sendOAuthError, sendParticleError } from './errors.js';
import type { ParticleState, ParticleToken, ParticleUser } from './state.js';

/** The OAuth client particle-api-js sends by default (id and secret are both `particle-api`). */
export const DEFAULT_CLIENT = { id: 'particle-api', secret: 'particle-api' };

const token = () => randomBytes(20).toString('hex');

type Body = Record<string, unknown>;
const bodyOf = (request: FastifyRequest): Body =>
  request.body && typeof request.body === 'object' && !Buffer.isBuffer(request.body)
    ? (request.body as Body)
    : {};
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Resolves the caller's token from `Authorization: Bearer`, `?access_token=` or a body `access_token`. */
export function tokenOf(request: FastifyRequest): string | undefined {
  const h = request.headers.authorization;
  if (h?.startsWith('Bearer ')) return h.slice(7).trim();
  const q = (request.query ?? {}) as Record<string, unknown>;
  return str(q.access_token) ?? str(bodyOf(request).access_token);
}

export function totpFor(user: ParticleUser, secret = user.mfaSecret): OTPAuth.TOTP {
  return new OTPAuth.TOTP({
    issuer: 'Particle',
    label: user.username,
    secret: OTPAuth.Secret.fromBase32(secret ?? ''),
  });
}

export interface AuthDeps {
  state: () => ParticleState;
  ctx: SandboxContext;
}

/** Checks the token; on failure answers 401 `invalid_token` and returns undefined. */
export function authenticate(
  deps: AuthDeps,
  request: FastifyRequest,
  reply: FastifyReply,
): ParticleUser | undefined {
  const raw = tokenOf(request);
  const t = raw ? deps.state().tokens.get(raw) : undefined;
  if (!t || (t.expiresAt !== null && t.expiresAt <= deps.ctx.now())) {
    sendOAuthError(reply, 401, 'invalid_token', 'The access token provided is invalid.');
    return undefined;
  }
  const user = deps.state().users.get(t.userId);
  if (!user) {
    sendOAuthError(reply, 401, 'invalid_token', 'The access token provided is invalid.');
    return undefined;
  }
  return user;
}

function clientOf(request: FastifyRequest, body: Body): { id?: string; secret?: string } {
  const h = request.headers.authorization;
  if (h?.startsWith('Basic ')) {
    const [id, ...rest] = Buffer.from(h.slice(6), 'base64').toString('utf8').split(':');
    return { id, secret: rest.join(':') };
  }
  return { id: str(body.client_id), secret: str(body.client_secret) };
}

function userJson(deps: AuthDeps, user: ParticleUser) {
  const devices = [...deps.state().devices.values()].filter((d) => d.ownerId === user.id);
  const orgs = [...deps.state().orgs.values()].filter((o) => o.memberIds.includes(user.id));
  return {
    username: user.username,
    subscription_ids: [],
    tos: 1,
    account_info: user.accountInfo ?? {},
    mfa: { enabled: user.mfaEnabled },
    memberships: orgs.map((o) => ({ org: { id: o.id, slug: o.slug, name: o.name }, role: 'Administrator' })),
    scim_provisioned: false,
    no_password: user.password === '',
    wifi_device_count: devices.filter((d) => d.platformId !== 13).length,
    cellular_device_count: devices.filter((d) => d.platformId === 13).length,
  };
}

export function issueToken(deps: AuthDeps, userId: string, client: string, expiresIn: number) {
  const t: ParticleToken = {
    token: token(),
    userId,
    client,
    expiresAt: expiresIn === 0 ? null : deps.ctx.now() + expiresIn * 1000,
    refreshToken: token(),
  };
  deps.state().tokens.set(t.token, t);
  if (t.refreshToken) deps.state().refreshTokens.set(t.refreshToken, t);
  return {
    token_type: 'bearer',
    access_token: t.token,
    expires_in: expiresIn,
    refresh_token: t.refreshToken,
  };
}

/** /oauth/token, users, MFA and access tokens. */
export function registerAuth(app: FastifyInstance, deps: AuthDeps, defaultExpiresIn: number): void {
  app.post('/oauth/token', async (request, reply) => {
    const body = bodyOf(request);
    const client = clientOf(request, body);
    const stored = client.id ? deps.state().clients.get(client.id) : undefined;
    const isDefault = client.id === DEFAULT_CLIENT.id && client.secret === DEFAULT_CLIENT.secret;
    if (!isDefault && (!stored || stored.secret !== client.secret)) {
      return sendOAuthError(reply, 401, 'invalid_client', 'Client authentication failed');
    }
    const rawExpires = body.expires_in;
    const expiresIn = rawExpires === undefined || rawExpires === '' ? defaultExpiresIn : Number(rawExpires);
    if (!Number.isInteger(expiresIn) || expiresIn < 0) {
      return sendOAuthError(
        reply,
        400,
        'invalid_request',
        'expires_in must be a non-negative integer of seconds',
      );
    }
    const grant = str(body.grant_type);
    const state = deps.state();
    if (grant === 'password') {
      const username = str(body.username);
      const password = str(body.password);
      if (!username || !password)
        return sendOAuthError(reply, 400, 'invalid_request', 'username and password are required');
      const user = [...state.users.values()].find((u) => u.username === username && u.password === password);
      if (!user) return sendOAuthError(reply, 400, 'invalid_grant', 'User credentials are invalid');
      if (user.mfaEnabled) {
        const mfa = token();
        state.mfaTokens.set(mfa, user.id);
        return sendOAuthError(reply, 403, 'mfa_required', 'Multi-factor authentication required', {
          mfa_token: mfa,
        });
      }
      return issueToken(deps, user.id, client.id as string, expiresIn);
    }
    if (grant === 'urn:custom:mfa-otp') {
      const mfa = str(body.mfa_token);
      const otp = str(body.otp);
      const userId = mfa ? state.mfaTokens.get(mfa) : undefined;
      const user = userId ? state.users.get(userId) : undefined;
      if (!user) return sendOAuthError(reply, 400, 'invalid_grant', 'mfa_token is invalid or expired');
      if (!otp || totpFor(user).validate({ token: otp, window: 1 }) === null) {
        return sendOAuthError(reply, 400, 'invalid_grant', 'Invalid one-time password');
      }
      state.mfaTokens.delete(mfa as string);
      return issueToken(deps, user.id, client.id as string, expiresIn);
    }
    if (grant === 'client_credentials') {
      // A token for the client's owner; the default client has no owner of its own.
      if (!stored)
        return sendOAuthError(
          reply,
          400,
          'unauthorized_client',
          'particle-api cannot use client_credentials',
        );
      return issueToken(deps, stored.userId, stored.id, expiresIn);
    }
    if (grant === 'refresh_token') {
      const rt = str(body.refresh_token);
      const old = rt ? state.refreshTokens.get(rt) : undefined;
      if (!old) return sendOAuthError(reply, 400, 'invalid_grant', 'refresh_token is invalid');
      state.refreshTokens.delete(rt as string);
      state.tokens.delete(old.token);
      return issueToken(deps, old.userId, client.id as string, expiresIn);
    }
    return sendOAuthError(
      reply,
      400,
      'unsupported_grant_type',
      `grant_type ${JSON.stringify(grant ?? null)} is not supported`,
    );
  });

  app.post('/v1/users', async (request, reply) => {
    const body = bodyOf(request);
    const username = str(body.username);
    const password = str(body.password);
    if (!username || !/^[^@\s]+@[^@\s]+$/.test(username))
      return sendParticleError(reply, 400, 'username must be an email address');
    if (!password || password.length < 8)
      return sendParticleError(reply, 400, 'password must be at least 8 characters');
    const state = deps.state();
    if ([...state.users.values()].some((u) => u.username === username)) {
      return sendParticleError(reply, 400, 'User already exists');
    }
    const info = body.account_info;
    if (info !== undefined && (info === null || typeof info !== 'object' || Array.isArray(info)))
      return sendParticleError(reply, 400, 'account_info must be an object');
    const id = randomBytes(12).toString('hex');
    state.users.set(id, {
      id,
      username,
      password,
      mfaEnabled: false,
      accountInfo: info as Record<string, unknown> | undefined,
    });
    // Product invitations sent before the account existed now point at it.
    for (const p of state.products.values())
      for (const m of p.team) if (m.userId === null && m.username === username) m.userId = id;
    return { ok: true };
  });

  // Always answers ok (the cloud does not reveal whether an account exists); the request is kept in state.
  app.post('/v1/user/password-reset', async (request, reply) => {
    const username = str(bodyOf(request).username);
    if (!username || !/^[^@\s]+@[^@\s]+$/.test(username))
      return sendParticleError(reply, 400, 'username must be an email address');
    deps.state().passwordResets.push(username);
    return { ok: true, message: 'Password reset email sent if the account exists' };
  });

  app.get('/v1/user/identify', async (request, reply) => {
    const user = authenticate(deps, request, reply);
    if (!user) return reply;
    const tracking = (request.query as Record<string, unknown>).tracking !== undefined;
    // With ?tracking=1 the id is an opaque hash instead of the account id.
    const id = tracking
      ? createHash('sha256').update(`tracking:${user.id}`).digest('hex').slice(0, 24)
      : user.id;
    return { id, email: user.username };
  });

  app.get('/v1/user', async (request, reply) => {
    const user = authenticate(deps, request, reply);
    if (!user) return reply;
    return userJson(deps, user);
  });

  app.put('/v1/user', async (request, reply) => {
    const user = authenticate(deps, request, reply);
    if (!user) return reply;
    const body = bodyOf(request);
    const current = str(body.current_password);
    const wantsChange = body.username !== undefined || body.password !== undefined;
    if (wantsChange && current !== user.password)
      return sendParticleError(reply, 403, 'Current password is incorrect');
    if (body.username !== undefined) {
      const username = str(body.username);
      if (!username || !/^[^@\s]+@[^@\s]+$/.test(username))
        return sendParticleError(reply, 400, 'username must be an email address');
      user.username = username;
    }
    if (body.password !== undefined) {
      const password = str(body.password);
      if (!password || password.length < 8)
        return sendParticleError(reply, 400, 'password must be at least 8 characters');
      user.password = password;
    }
    if (body.account_info !== undefined) {
      const info = body.account_info;
      if (info === null || typeof info !== 'object' || Array.isArray(info))
        return sendParticleError(reply, 400, 'account_info must be an object');
      user.accountInfo = { ...user.accountInfo, ...(info as Record<string, unknown>) };
      if (!wantsChange) return userJson(deps, user);
    }
    if (body.invalidate_tokens === true || body.invalidate_tokens === 'true') {
      const current = tokenOf(request);
      for (const [k, t] of deps.state().tokens)
        if (t.userId === user.id && k !== current) deps.state().tokens.delete(k);
    }
    return { ok: true };
  });

  app.delete('/v1/user', async (request, reply) => {
    const user = authenticate(deps, request, reply);
    if (!user) return reply;
    if (str(bodyOf(request).password) !== user.password)
      return sendParticleError(reply, 403, 'Password is incorrect');
    const state = deps.state();
    state.users.delete(user.id);
    for (const [k, t] of state.tokens) if (t.userId === user.id) state.tokens.delete(k);
    for (const d of state.devices.values()) if (d.ownerId === user.id) d.ownerId = null;
    return { ok: true };
  });

  /** Enrollments waiting for confirmation: mfa_token → user id and secret. */
  const pending = new Map<string, { userId: string; secret: string }>();
  app.get('/v1/user/mfa-enable', async (request, reply) => {
    const user = authenticate(deps, request, reply);
    if (!user) return reply;
    if (user.mfaEnabled) return sendParticleError(reply, 400, 'MFA is already enabled');
    const secret = new OTPAuth.Secret({ size: 20 }).base32;
    const mfaToken = token();
    pending.set(mfaToken, { userId: user.id, secret });
    return { mfa_token: mfaToken, secret, qr_url: totpFor(user, secret).toString() };
  });

  app.post('/v1/user/mfa-enable', async (request, reply) => {
    const user = authenticate(deps, request, reply);
    if (!user) return reply;
    const body = bodyOf(request);
    const entry = pending.get(str(body.mfa_token) ?? '');
    if (!entry || entry.userId !== user.id)
      return sendParticleError(reply, 400, 'mfa_token is invalid; call GET /v1/user/mfa-enable first');
    const secret = entry.secret;
    const otp = str(body.otp);
    if (!otp || totpFor(user, secret).validate({ token: otp, window: 1 }) === null) {
      return sendParticleError(reply, 400, 'Invalid one-time password');
    }
    user.mfaSecret = secret;
    user.mfaEnabled = true;
    pending.delete(str(body.mfa_token) as string);
    // `tokens` are the one-time recovery codes.
    return { enrolled: true, tokens: Array.from({ length: 10 }, () => randomBytes(5).toString('hex')) };
  });

  app.put('/v1/user/mfa-disable', async (request, reply) => {
    const user = authenticate(deps, request, reply);
    if (!user) return reply;
    if (str(bodyOf(request).current_password) !== user.password)
      return sendParticleError(reply, 403, 'Current password is incorrect');
    user.mfaEnabled = false;
    user.mfaSecret = undefined;
    return { ok: true };
  });

  app.get('/v1/access_tokens', async (request, reply) => {
    const user = authenticate(deps, request, reply);
    if (!user) return reply;
    return [...deps.state().tokens.values()]
      .filter((t) => t.userId === user.id)
      .map((t) => ({
        token: t.token,
        expires_at: t.expiresAt === null ? null : new Date(t.expiresAt).toISOString(),
        client: t.client,
      }));
  });

  app.delete('/v1/access_tokens/current', async (request, reply) => {
    const user = authenticate(deps, request, reply);
    if (!user) return reply;
    deps.state().tokens.delete(tokenOf(request) as string);
    return { ok: true };
  });

  app.delete('/v1/access_tokens', async (request, reply) => {
    const user = authenticate(deps, request, reply);
    if (!user) return reply;
    for (const [k, t] of deps.state().tokens) if (t.userId === user.id) deps.state().tokens.delete(k);
    return { ok: true };
  });

  // The token in the path is its own credential (particle-api-js sends no other auth here).
  app.delete<{ Params: { token: string } }>('/v1/access_tokens/:token', async (request, reply) => {
    const t = deps.state().tokens.get(request.params.token);
    if (!t) return sendParticleError(reply, 404, 'Token not found');
    deps.state().tokens.delete(t.token);
    return { ok: true };
  });
}
