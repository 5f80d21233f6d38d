import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context.js';
import { randomId } from '../random.js';
import { sendGenesysError } from './errors.js';
import { revokeFamily, tokenPermissions } from './oauth.js';
import type { GenesysState, Token, User } from './state.js';

export interface ApiOptions {
  /** Requests allowed per token per minute. */
  rateLimitPerMinute: number;
  /** Delivers a notification event to subscribed channels. */
  publish(topicName: string, eventBody: unknown): void;
}

declare module 'fastify' {
  interface FastifyRequest {
    genesysToken?: Token;
  }
}

function intParam(
  reply: FastifyReply,
  query: Record<string, unknown>,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number | undefined {
  const raw = query[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (typeof raw !== 'string' || !/^-?\d+$/.test(raw) || n < min || n > max) {
    sendGenesysError(
      reply,
      400,
      'bad.request',
      `query parameter ${name} must be an integer between ${min} and ${max}`,
    );
    return undefined;
  }
  return n;
}

/** Genesys page envelope with first/self/next/previous/last URIs; `view` shapes only the entities of the page. */
export function page<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  all: T[],
  view: (item: T) => unknown = (item) => item,
) {
  const query = request.query as Record<string, unknown>;
  const pageSize = intParam(reply, query, 'pageSize', 25, 1, 500);
  if (pageSize === undefined) return reply;
  const pageNumber = intParam(reply, query, 'pageNumber', 1, 1, 1_000_000);
  if (pageNumber === undefined) return reply;
  const total = all.length;
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const path = request.url.split('?')[0] as string;
  const uri = (n: number) => `${path}?pageSize=${pageSize}&pageNumber=${n}`;
  const entities = all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize).map(view);
  return reply.send({
    entities,
    pageSize,
    pageNumber,
    total,
    pageCount,
    firstUri: uri(1),
    selfUri: uri(pageNumber),
    lastUri: uri(pageCount),
    ...(pageNumber < pageCount ? { nextUri: uri(pageNumber + 1) } : {}),
    ...(pageNumber > 1 ? { previousUri: uri(pageNumber - 1) } : {}),
  });
}

export function userView(user: User, expand: string[]) {
  const view: Record<string, unknown> = {
    id: user.id,
    name: user.name,
    email: user.email,
    state: user.state,
    version: user.version,
    selfUri: `/api/v2/users/${user.id}`,
  };
  if (expand.includes('presence'))
    view.presence = {
      source: 'PURECLOUD',
      presenceDefinition: {
        id: user.presence.id,
        systemPresence: user.presence.systemPresence,
        selfUri: `/api/v2/presencedefinitions/${user.presence.id}`,
      },
      message: '',
      modifiedDate: user.presence.modifiedDate,
      selfUri: `/api/v2/users/${user.id}/presences/purecloud`,
    };
  return view;
}

export function expandOf(query: Record<string, unknown>): string[] {
  const raw = query.expand;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list.flatMap((v) => String(v).split(','));
}

/** Genesys API under /api/v2: bearer auth, rate limits, users, permissions, queues. */
export function registerApi(
  app: FastifyInstance,
  ctx: SandboxContext,
  state: () => GenesysState,
  options: ApiOptions,
) {
  app.addHook('preHandler', async (request, reply) => {
    if (!request.url.startsWith('/api/v2/')) return;
    const header = request.headers.authorization;
    const raw = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
    const token = raw ? state().tokens.get(raw) : undefined;
    if (!token || token.revoked || token.expiresAt <= ctx.now()) {
      return sendGenesysError(
        reply,
        401,
        'authentication.required',
        !raw
          ? 'No authentication bearer token specified in authorization header.'
          : 'Invalid login credentials.',
      );
    }
    const now = ctx.now();
    let win = state().rateWindows.get(token.token);
    if (!win || now - win.start >= 60_000) {
      win = { start: now, count: 0 };
      state().rateWindows.set(token.token, win);
    }
    win.count += 1;
    const reset = Math.ceil((win.start + 60_000 - now) / 1000);
    reply.header('inin-ratelimit-count', String(win.count));
    reply.header('inin-ratelimit-allowed', String(options.rateLimitPerMinute));
    reply.header('inin-ratelimit-reset', String(reset));
    if (win.count > options.rateLimitPerMinute) {
      reply.header('retry-after', String(reset));
      return sendGenesysError(
        reply,
        429,
        'too.many.requests',
        `Rate limit exceeded the maximum [${options.rateLimitPerMinute}] requests within [60] seconds`,
      );
    }
    request.genesysToken = token;
  });

  /** 403 in the Genesys shape unless the request's token (via its user's or client's roles) holds `permission`. */
  const denied = (request: FastifyRequest, reply: FastifyReply, permission: string) => {
    const token = request.genesysToken;
    if (token && tokenPermissions(state(), token).has(permission)) return false;
    sendGenesysError(
      reply,
      403,
      'missing.permissions',
      `You are missing the following permission(s): ${permission}`,
    );
    return true;
  };

  // The calling token: GET describes it, DELETE revokes it (with its whole login when it came with a refresh token).
  app.get('/api/v2/tokens/me', async (request, reply) => {
    const token = request.genesysToken as Token;
    const client = state().clients.get(token.clientId);
    const user = token.userId ? state().users.get(token.userId) : undefined;
    return reply.send({
      organization: { id: 'sandbox-org', name: 'Skyport Sandbox' },
      homeOrganization: { id: 'sandbox-org', name: 'Skyport Sandbox' },
      authorizedScope: [],
      OAuthClient: { id: client?.id ?? token.clientId, name: client?.id ?? token.clientId },
      ...(user ? { user: { id: user.id, name: user.name, selfUri: `/api/v2/users/${user.id}` } } : {}),
      expiresAt: new Date(token.expiresAt).toISOString(),
    });
  });
  app.delete('/api/v2/tokens/me', async (request, reply) => {
    const token = request.genesysToken as Token;
    token.revoked = true;
    if (token.family) revokeFamily(state(), token.family);
    return reply.code(204).send();
  });

  app.get('/api/v2/users/me', async (request, reply) => {
    const id = request.genesysToken?.userId ?? state().meUserId;
    const user = state().users.get(id);
    if (!user) return sendGenesysError(reply, 404, 'not.found', `user ${id} not found`);
    const expand = expandOf(request.query as Record<string, unknown>);
    const view = userView(user, expand);
    if (expand.includes('authorization') && request.genesysToken) {
      const s = state();
      const account = [...s.accounts.values()].find((a) => a.userId === user.id);
      const roleNames = request.genesysToken.userId
        ? (account?.roles ?? ['employee'])
        : (s.clients.get(request.genesysToken.clientId)?.roles ?? []);
      view.authorization = {
        roles: roleNames.flatMap((r) => {
          const role = s.roles.get(r);
          return role ? [{ id: role.id, name: role.name }] : [];
        }),
        permissions: [...tokenPermissions(s, request.genesysToken)].sort(),
      };
    }
    return reply.send(view);
  });

  app.get('/api/v2/users', async (request, reply) => {
    const expand = expandOf(request.query as Record<string, unknown>);
    return page(request, reply, [...state().users.values()], (u) => userView(u, expand));
  });

  app.post('/api/v2/users', async (request, reply) => {
    if (denied(request, reply, 'directory:user:edit')) return reply;
    const body = request.body as Record<string, unknown> | undefined;
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      return sendGenesysError(reply, 400, 'bad.request', 'body must be a JSON object');
    }
    for (const key of ['name', 'email'] as const) {
      if (typeof body[key] !== 'string' || (body[key] as string).length === 0) {
        return sendGenesysError(
          reply,
          400,
          'bad.request',
          `body.${key} is required and must be a non-empty string`,
        );
      }
    }
    const email = body.email as string;
    if ([...state().users.values()].some((u) => u.email === email)) {
      return sendGenesysError(reply, 409, 'general.conflict', `a user with email ${email} already exists`);
    }
    const user: User = {
      id: randomId(ctx.random),
      name: body.name as string,
      email,
      state: 'active',
      version: 1,
      presence: {
        id: randomId(ctx.random),
        systemPresence: 'Offline',
        modifiedDate: new Date(ctx.now()).toISOString(),
      },
    };
    state().users.set(user.id, user);
    return reply.send(userView(user, []));
  });

  app.delete<{ Params: { userId: string } }>('/api/v2/users/:userId', async (request, reply) => {
    if (denied(request, reply, 'directory:user:edit')) return reply;
    if (!state().users.delete(request.params.userId)) {
      return sendGenesysError(reply, 404, 'not.found', `user ${request.params.userId} not found`);
    }
    return reply.send({});
  });

  app.get<{ Params: { userId: string } }>('/api/v2/users/:userId', async (request, reply) => {
    const user = state().users.get(request.params.userId);
    if (!user) return sendGenesysError(reply, 404, 'not.found', `user ${request.params.userId} not found`);
    return reply.send(userView(user, expandOf(request.query as Record<string, unknown>)));
  });

  app.patch<{ Params: { userId: string } }>('/api/v2/users/:userId', async (request, reply) => {
    if (denied(request, reply, 'directory:user:edit')) return reply;
    const user = state().users.get(request.params.userId);
    if (!user) return sendGenesysError(reply, 404, 'not.found', `user ${request.params.userId} not found`);
    const body = request.body as Record<string, unknown> | undefined;
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      return sendGenesysError(reply, 400, 'bad.request', 'body must be a JSON object');
    }
    if (typeof body.version !== 'number') {
      return sendGenesysError(reply, 400, 'bad.request', 'body.version is required and must be a number');
    }
    if (body.version !== user.version) {
      return sendGenesysError(
        reply,
        409,
        'general.conflict',
        `body.version ${body.version} does not match current version ${user.version}`,
      );
    }
    for (const key of ['name', 'email'] as const) {
      if (body[key] !== undefined) {
        if (typeof body[key] !== 'string')
          return sendGenesysError(reply, 400, 'bad.request', `body.${key} must be a string`);
        user[key] = body[key] as string;
      }
    }
    user.version += 1;
    return reply.send(userView(user, []));
  });

  type PresenceParams = { Params: { userId: string; sourceId: string } };
  app.patch<PresenceParams>('/api/v2/users/:userId/presences/:sourceId', async (request, reply) => {
    const user = state().users.get(request.params.userId);
    if (!user) return sendGenesysError(reply, 404, 'not.found', `user ${request.params.userId} not found`);
    const body = request.body as
      | { presenceDefinition?: { id?: unknown; systemPresence?: unknown } }
      | undefined;
    const def = body?.presenceDefinition;
    if (!def || typeof def !== 'object') {
      return sendGenesysError(reply, 400, 'bad.request', 'body.presenceDefinition is required');
    }
    if (def.systemPresence !== undefined && typeof def.systemPresence !== 'string') {
      return sendGenesysError(
        reply,
        400,
        'bad.request',
        'body.presenceDefinition.systemPresence must be a string',
      );
    }
    if (def.id !== undefined && typeof def.id !== 'string') {
      return sendGenesysError(reply, 400, 'bad.request', 'body.presenceDefinition.id must be a string');
    }
    // The definition decides: by id, or by systemPresence (the sandbox's shortcut for tests).
    const defs = state().directory.presenceDefinitions;
    const found =
      def.id !== undefined
        ? defs.find((d) => d.id === def.id)
        : defs.find((d) => d.systemPresence === def.systemPresence);
    if (!found) {
      return sendGenesysError(
        reply,
        400,
        'bad.request',
        def.id !== undefined
          ? `body.presenceDefinition.id ${def.id} is not a presence definition`
          : `body.presenceDefinition needs an id or a systemPresence (one of ${defs.map((d) => d.systemPresence).join(', ')})`,
      );
    }
    user.presence = {
      id: found.id,
      systemPresence: found.systemPresence,
      modifiedDate: new Date(ctx.now()).toISOString(),
    };
    const presence = {
      source: request.params.sourceId,
      presenceDefinition: { id: user.presence.id, systemPresence: user.presence.systemPresence },
      modifiedDate: user.presence.modifiedDate,
    };
    options.publish(`v2.users.${user.id}.presence`, presence);
    return reply.send(presence);
  });

  app.get('/api/v2/authorization/permissions', async (request, reply) => {
    return page(request, reply, state().permissions, (p) => ({
      id: `${p.domain}:${p.entityName}:${p.action}`,
      domain: p.domain,
      permissionMap: { [p.entityName]: [{ domain: p.domain, entityType: p.entityName, action: p.action }] },
    }));
  });

  app.get('/api/v2/routing/queues', async (request, reply) => {
    const q = request.query as Record<string, unknown>;
    const name = typeof q.name === 'string' ? q.name.replace(/\*/g, '').toLowerCase() : undefined;
    const all = state().queues;
    const queues = name ? all.filter((x) => x.name.toLowerCase().includes(name)) : all;
    return page(request, reply, queues, (x) => ({
      id: x.id,
      name: x.name,
      memberCount: x.memberCount,
      selfUri: `/api/v2/routing/queues/${x.id}`,
    }));
  });

  app.get<{ Params: { queueId: string } }>('/api/v2/routing/queues/:queueId', async (request, reply) => {
    const queue = state().queues.find((x) => x.id === request.params.queueId);
    if (!queue) return sendGenesysError(reply, 404, 'not.found', `queue ${request.params.queueId} not found`);
    return reply.send({ ...queue, selfUri: `/api/v2/routing/queues/${queue.id}` });
  });
}
