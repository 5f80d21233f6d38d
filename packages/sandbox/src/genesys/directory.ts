import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context.js';
import { randomId } from '../random.js';
import { page } from './api.js';
import type { Group, Named } from './directory-state.js';
import { sendGenesysError } from './errors.js';
import { tokenPermissions } from './oauth.js';
import type { GenesysState } from './state.js';

type Id = { Params: { id: string } };
type Body = Record<string, unknown>;

/**
 * A path segment that is a word (`search`, `home`, `divisionviews`…) is more likely one of the spec's literal
 * sibling routes than an entity id: leave those to the spec-driven handler.
 */
const literalSibling = (id: string) => /^[a-z]+$/i.test(id);

function objectBody(request: FastifyRequest, reply: FastifyReply): Body | undefined {
  const body = request.body;
  if (body === undefined || body === null) {
    sendGenesysError(reply, 400, 'bad.request', 'body is required');
    return undefined;
  }
  if (typeof body !== 'object' || Array.isArray(body)) {
    sendGenesysError(reply, 400, 'bad.request', 'body must be a JSON object');
    return undefined;
  }
  return body as Body;
}

/** An object body with a non-empty string `name` (skills, wrap-up codes, groups); otherwise a 400 is sent. */
function namedBody(request: FastifyRequest, reply: FastifyReply): (Body & { name: string }) | undefined {
  const body = objectBody(request, reply);
  if (!body) return undefined;
  if (typeof body.name !== 'string' || body.name.trim() === '') {
    sendGenesysError(reply, 400, 'bad.request', 'body.name is required and must be a non-empty string');
    return undefined;
  }
  return body as Body & { name: string };
}

function nameFilter(request: FastifyRequest): ((name: string) => boolean) | undefined {
  const raw = (request.query as Record<string, unknown>).name;
  if (typeof raw !== 'string' || raw === '') return undefined;
  const needle = raw.replace(/\*/g, '').toLowerCase();
  return (name) => name.toLowerCase().includes(needle);
}

/**
 * Stateful directory routes under /api/v2: presence definitions and user presence, authorization roles, divisions
 * and subjects, routing skills, wrap-up codes and queue members, groups and their members.
 */
export function registerDirectory(app: FastifyInstance, ctx: SandboxContext, state: () => GenesysState) {
  const dir = () => state().directory;
  const iso = () => new Date(ctx.now()).toISOString();
  const notFound = (reply: FastifyReply, what: string, id: string) =>
    sendGenesysError(reply, 404, 'not.found', `${what} ${id} not found`);

  // --- presence --------------------------------------------------------------------------------------------
  const presenceView = (d: GenesysState['directory']['presenceDefinitions'][number], base: string) => ({
    id: d.id,
    languageLabels: { en_US: d.label },
    systemPresence: d.systemPresence,
    deactivated: false,
    primary: true,
    type: 'System',
    selfUri: `${base}/${d.id}`,
  });
  for (const base of ['/api/v2/presence/definitions', '/api/v2/presencedefinitions']) {
    app.get(base, async (request, reply) =>
      page(request, reply, dir().presenceDefinitions, (d) => presenceView(d, base)),
    );
    app.get<Id>(`${base}/:id`, async (request, reply) => {
      const d = dir().presenceDefinitions.find((x) => x.id === request.params.id);
      return d
        ? reply.send(presenceView(d, base))
        : notFound(reply, 'presence definition', request.params.id);
    });
  }
  app.get<{ Params: { userId: string; sourceId: string } }>(
    '/api/v2/users/:userId/presences/:sourceId',
    async (request, reply) => {
      const user = state().users.get(request.params.userId);
      if (!user) return notFound(reply, 'user', request.params.userId);
      return reply.send({
        source: request.params.sourceId,
        presenceDefinition: { id: user.presence.id, systemPresence: user.presence.systemPresence },
        modifiedDate: user.presence.modifiedDate,
      });
    },
  );

  // --- authorization: roles, divisions, subjects ---------------------------------------------------------------
  const roleView = (r: GenesysState['roles'] extends Map<string, infer R> ? R : never) => ({
    id: r.id,
    name: r.name,
    permissions: r.permissions,
    permissionPolicies: r.permissions.map((p) => {
      const [domain, entityName, action] = p.split(':');
      return { domain, entityName, actionSet: [action] };
    }),
    userCount: [...state().accounts.values()].filter((a) => a.roles.includes(r.name)).length,
    selfUri: `/api/v2/authorization/roles/${r.id}`,
  });
  app.get('/api/v2/authorization/roles', async (request, reply) => {
    const match = nameFilter(request);
    const roles = [...state().roles.values()].filter((r) => !match || match(r.name));
    return page(request, reply, roles, roleView);
  });
  app.get<Id>('/api/v2/authorization/roles/:id', async (request, reply) => {
    const role = [...state().roles.values()].find((r) => r.id === request.params.id);
    if (role) return reply.send(roleView(role));
    if (literalSibling(request.params.id)) return reply.callNotFound();
    return notFound(reply, 'role', request.params.id);
  });

  const divisionView = (d: GenesysState['directory']['divisions'][number]) => ({
    id: d.id,
    name: d.name,
    homeDivision: d.homeDivision,
    selfUri: `/api/v2/authorization/divisions/${d.id}`,
  });
  app.get('/api/v2/authorization/divisions', async (request, reply) => {
    const match = nameFilter(request);
    return page(
      request,
      reply,
      dir().divisions.filter((d) => !match || match(d.name)),
      divisionView,
    );
  });
  app.get('/api/v2/authorization/divisions/home', async (_request, reply) =>
    reply.send(
      divisionView(dir().divisions.find((d) => d.homeDivision) as Named & { homeDivision: boolean }),
    ),
  );
  app.get<Id>('/api/v2/authorization/divisions/:id', async (request, reply) => {
    const d = dir().divisions.find((x) => x.id === request.params.id);
    if (d) return reply.send(divisionView(d));
    if (literalSibling(request.params.id)) return reply.callNotFound();
    return notFound(reply, 'division', request.params.id);
  });

  const subject = (userId: string | undefined, roleNames: string[], name: string, id: string) => {
    const home = dir().divisions.find((d) => d.homeDivision) as Named;
    const s = state();
    return {
      id,
      name,
      grants: roleNames.flatMap((r) => {
        const role = s.roles.get(r);
        return role
          ? [
              {
                subjectId: id,
                division: { id: home.id, name: home.name },
                role: { id: role.id, name: role.name },
              },
            ]
          : [];
      }),
      ...(userId ? { selfUri: `/api/v2/authorization/subjects/${userId}` } : {}),
    };
  };
  const rolesOfUser = (userId: string) =>
    [...state().accounts.values()].find((a) => a.userId === userId)?.roles ?? ['employee'];
  app.get('/api/v2/authorization/subjects/me', async (request, reply) => {
    const token = request.genesysToken;
    const s = state();
    if (token?.userId) {
      const user = s.users.get(token.userId);
      return reply.send(subject(token.userId, rolesOfUser(token.userId), user?.name ?? '', token.userId));
    }
    const client = s.clients.get(token?.clientId ?? '');
    return reply.send(subject(undefined, client?.roles ?? [], client?.id ?? '', client?.id ?? ''));
  });
  app.get<Id>('/api/v2/authorization/subjects/:id', async (request, reply) => {
    const user = state().users.get(request.params.id);
    if (user) return reply.send(subject(user.id, rolesOfUser(user.id), user.name, user.id));
    if (literalSibling(request.params.id)) return reply.callNotFound();
    return notFound(reply, 'subject', request.params.id);
  });

  // --- routing: skills and wrap-up codes (same shape: named, versioned, unique names) -----------------------
  const namedCollection = (
    base: string,
    what: string,
    items: () => Named[],
    options: { put: boolean; extra?: (n: Named) => object },
  ) => {
    const view = (n: Named) => ({ ...n, ...options.extra?.(n), selfUri: `${base}/${n.id}` });
    app.get(base, async (request, reply) => {
      const match = nameFilter(request);
      return page(
        request,
        reply,
        items().filter((n) => !match || match(n.name)),
        view,
      );
    });
    app.post(base, async (request, reply) => {
      const body = namedBody(request, reply);
      if (!body) return reply;
      const name = body.name;
      if (items().some((n) => n.name.toLowerCase() === name.toLowerCase()))
        return sendGenesysError(reply, 409, 'general.conflict', `a ${what} named ${name} already exists`);
      const item: Named = { id: randomId(ctx.random), name, version: 1, dateModified: iso() };
      items().push(item);
      return reply.send(view(item));
    });
    app.get<Id>(`${base}/:id`, async (request, reply) => {
      const item = items().find((n) => n.id === request.params.id);
      if (item) return reply.send(view(item));
      if (literalSibling(request.params.id)) return reply.callNotFound();
      return notFound(reply, what, request.params.id);
    });
    if (options.put) {
      app.put<Id>(`${base}/:id`, async (request, reply) => {
        const item = items().find((n) => n.id === request.params.id);
        if (!item) return notFound(reply, what, request.params.id);
        const body = namedBody(request, reply);
        if (!body) return reply;
        item.name = body.name;
        item.version += 1;
        item.dateModified = iso();
        return reply.send(view(item));
      });
    }
    app.delete<Id>(`${base}/:id`, async (request, reply) => {
      const list = items();
      const i = list.findIndex((n) => n.id === request.params.id);
      if (i < 0) return notFound(reply, what, request.params.id);
      list.splice(i, 1);
      return reply.code(204).send();
    });
  };
  namedCollection('/api/v2/routing/skills', 'skill', () => dir().skills, {
    put: false,
    extra: () => ({ state: 'active' }),
  });
  namedCollection('/api/v2/routing/wrapupcodes', 'wrap-up code', () => dir().wrapupCodes, { put: true });

  // --- routing: queue members -------------------------------------------------------------------------------
  const memberView = (userId: string) => {
    const user = state().users.get(userId);
    return {
      id: userId,
      name: user?.name ?? '',
      user: { id: userId, name: user?.name ?? '', selfUri: `/api/v2/users/${userId}` },
      ringNumber: 1,
      joined: true,
      memberBy: 'user',
    };
  };
  type QueueId = { Params: { queueId: string } };
  app.get<QueueId>('/api/v2/routing/queues/:queueId/members', async (request, reply) => {
    const members = dir().queueMembers.get(request.params.queueId);
    if (!members) return notFound(reply, 'queue', request.params.queueId);
    return page(request, reply, members, memberView);
  });
  app.post<QueueId>('/api/v2/routing/queues/:queueId/members', async (request, reply) => {
    if (
      !tokenPermissions(state(), request.genesysToken as NonNullable<FastifyRequest['genesysToken']>).has(
        'routing:queue:edit',
      )
    )
      return sendGenesysError(
        reply,
        403,
        'missing.permissions',
        'You are missing the following permission(s): routing:queue:edit',
      );
    const members = dir().queueMembers.get(request.params.queueId);
    const queue = state().queues.find((q) => q.id === request.params.queueId);
    if (!members || !queue) return notFound(reply, 'queue', request.params.queueId);
    const body = request.body;
    if (!Array.isArray(body) || body.length > 100)
      return sendGenesysError(reply, 400, 'bad.request', 'body must be an array of at most 100 {id} members');
    const ids: string[] = [];
    for (const [i, m] of body.entries()) {
      const id = (m as { id?: unknown } | null)?.id;
      if (typeof id !== 'string')
        return sendGenesysError(reply, 400, 'bad.request', `body[${i}].id must be a string`);
      if (!state().users.has(id))
        return sendGenesysError(reply, 400, 'bad.request', `body[${i}].id: user ${id} not found`);
      ids.push(id);
    }
    const del = (request.query as Record<string, unknown>).delete;
    if (del !== undefined && del !== 'true' && del !== 'false')
      return sendGenesysError(reply, 400, 'bad.request', 'query parameter delete must be true or false');
    const next =
      del === 'true' ? members.filter((id) => !ids.includes(id)) : [...new Set([...members, ...ids])];
    dir().queueMembers.set(queue.id, next);
    queue.memberCount = next.length;
    return reply.code(204).send();
  });

  // --- groups --------------------------------------------------------------------------------------------------
  const groupView = (g: Group) => ({
    id: g.id,
    name: g.name,
    ...(g.description !== undefined ? { description: g.description } : {}),
    type: g.type,
    visibility: g.visibility,
    rulesVisible: g.rulesVisible,
    memberCount: g.memberIds.length,
    state: 'active',
    version: g.version,
    dateModified: g.dateModified,
    selfUri: `/api/v2/groups/${g.id}`,
  });
  app.get('/api/v2/groups', async (request, reply) => page(request, reply, dir().groups, groupView));
  app.post('/api/v2/groups', async (request, reply) => {
    const body = namedBody(request, reply);
    if (!body) return reply;
    if (body.type !== 'official' && body.type !== 'social')
      return sendGenesysError(reply, 400, 'bad.request', 'body.type must be official or social');
    if (body.visibility !== 'public' && body.visibility !== 'owners' && body.visibility !== 'members')
      return sendGenesysError(reply, 400, 'bad.request', 'body.visibility must be public, owners or members');
    if (typeof body.rulesVisible !== 'boolean')
      return sendGenesysError(
        reply,
        400,
        'bad.request',
        'body.rulesVisible is required and must be a boolean',
      );
    if (body.description !== undefined && typeof body.description !== 'string')
      return sendGenesysError(reply, 400, 'bad.request', 'body.description must be a string');
    const name = body.name;
    if (dir().groups.some((g) => g.name.toLowerCase() === name.toLowerCase()))
      return sendGenesysError(reply, 409, 'general.conflict', `a group named ${name} already exists`);
    const group: Group = {
      id: randomId(ctx.random),
      name,
      version: 1,
      dateModified: iso(),
      type: body.type,
      visibility: body.visibility,
      rulesVisible: body.rulesVisible,
      ...(typeof body.description === 'string' ? { description: body.description } : {}),
      memberIds: [],
    };
    dir().groups.push(group);
    return reply.send(groupView(group));
  });
  app.get<Id>('/api/v2/groups/:id', async (request, reply) => {
    const g = dir().groups.find((x) => x.id === request.params.id);
    if (g) return reply.send(groupView(g));
    if (literalSibling(request.params.id)) return reply.callNotFound();
    return notFound(reply, 'group', request.params.id);
  });
  app.delete<Id>('/api/v2/groups/:id', async (request, reply) => {
    const i = dir().groups.findIndex((x) => x.id === request.params.id);
    if (i < 0) return notFound(reply, 'group', request.params.id);
    dir().groups.splice(i, 1);
    return reply.code(204).send();
  });
  app.get<Id>('/api/v2/groups/:id/members', async (request, reply) => {
    const g = dir().groups.find((x) => x.id === request.params.id);
    if (!g) return notFound(reply, 'group', request.params.id);
    const users = g.memberIds.flatMap((id) => {
      const u = state().users.get(id);
      return u ? [u] : [];
    });
    return page(request, reply, users, (u) => ({
      id: u.id,
      name: u.name,
      email: u.email,
      selfUri: `/api/v2/users/${u.id}`,
    }));
  });
  app.post<Id>('/api/v2/groups/:id/members', async (request, reply) => {
    const g = dir().groups.find((x) => x.id === request.params.id);
    if (!g) return notFound(reply, 'group', request.params.id);
    const body = objectBody(request, reply);
    if (!body) return reply;
    if (!Array.isArray(body.memberIds) || body.memberIds.some((m) => typeof m !== 'string'))
      return sendGenesysError(reply, 400, 'bad.request', 'body.memberIds must be an array of user ids');
    if (typeof body.version !== 'number')
      return sendGenesysError(reply, 400, 'bad.request', 'body.version is required and must be a number');
    if (body.version !== g.version)
      return sendGenesysError(
        reply,
        409,
        'general.conflict',
        `body.version ${body.version} does not match current version ${g.version}`,
      );
    const unknown = (body.memberIds as string[]).find((id) => !state().users.has(id));
    if (unknown)
      return sendGenesysError(reply, 400, 'bad.request', `body.memberIds: user ${unknown} not found`);
    g.memberIds = [...new Set([...g.memberIds, ...(body.memberIds as string[])])];
    g.version += 1;
    g.dateModified = iso();
    return reply.send({});
  });
  app.delete<Id>('/api/v2/groups/:id/members', async (request, reply) => {
    const g = dir().groups.find((x) => x.id === request.params.id);
    if (!g) return notFound(reply, 'group', request.params.id);
    const ids = (request.query as Record<string, unknown>).ids;
    if (typeof ids !== 'string' || ids === '')
      return sendGenesysError(
        reply,
        400,
        'bad.request',
        'query parameter ids is required (comma-separated user ids)',
      );
    const remove = new Set(ids.split(','));
    g.memberIds = g.memberIds.filter((id) => !remove.has(id));
    g.version += 1;
    g.dateModified = iso();
    return reply.send({});
  });
}
