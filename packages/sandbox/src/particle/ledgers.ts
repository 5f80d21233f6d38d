import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bodyOf, isMember, iso, pageOf, paging, type Scoped, scoped } from './access.js';
import type { AuthDeps } from './auth.js';
import { sendParticleError } from './errors.js';
import type { LedgerDefinition, LedgerInstance, ParticleState } from './state.js';

const NAME = /^[a-z0-9-]{1,32}$/;
const SCOPES = ['Owner', 'Product', 'Device'] as const;
const DIRECTIONS = ['Upstream', 'Downstream'] as const;
/** Largest instance, in bytes of JSON. */
export const MAX_LEDGER_BYTES = 16 * 1024;

const defKey = (ns: string, name: string) => `${ns}|${name}`;

export const definitionJson = (d: LedgerDefinition) => ({
  name: d.name,
  description: d.description,
  scope: d.scope,
  direction: d.direction,
  created_at: iso(d.createdAt),
  updated_at: iso(d.updatedAt),
  archived_at: iso(d.archivedAt),
});

function scopeName(state: ParticleState, d: LedgerDefinition, value: string): string | undefined {
  if (d.scope === 'Device') return state.devices.get(value)?.name;
  if (d.scope === 'Product') return state.products.get(Number(value))?.name;
  return state.users.get(value)?.username ?? [...state.orgs.values()].find((o) => o.id === value)?.name;
}

export const instanceJson = (state: ParticleState, d: LedgerDefinition, i: LedgerInstance) => ({
  name: d.name,
  scope: { type: d.scope, value: i.scopeValue, name: scopeName(state, d, i.scopeValue) },
  size_bytes: Buffer.byteLength(JSON.stringify(i.data)),
  data: i.data,
  created_at: iso(i.createdAt),
  updated_at: iso(i.updatedAt),
});

/**
 * Writes an instance (Replace or Merge), keeping the previous contents as a version. Returns an error message or the
 * instance. Shared by the HTTP API and logic functions.
 */
export function writeInstance(
  state: ParticleState,
  d: LedgerDefinition,
  scopeValue: string,
  data: unknown,
  mode: 'Replace' | 'Merge',
  now: number,
): string | LedgerInstance {
  if (d.archivedAt !== null) return `ledger ${d.name} is archived`;
  if (!data || typeof data !== 'object' || Array.isArray(data)) return 'instance.data must be an object';
  const key = defKey(d.ns, d.name);
  const instances = state.ledgerInstances.get(key) ?? new Map<string, LedgerInstance>();
  const old = instances.get(scopeValue);
  const next =
    mode === 'Merge' && old ? { ...old.data, ...(data as object) } : (data as Record<string, unknown>);
  if (Buffer.byteLength(JSON.stringify(next)) > MAX_LEDGER_BYTES)
    return `instance data must be at most ${MAX_LEDGER_BYTES} bytes of JSON`;
  const inst: LedgerInstance = old ?? { scopeValue, data: {}, createdAt: now, updatedAt: now, versions: [] };
  if (old) {
    state.seq++;
    inst.versions.push({
      version: `v${state.seq}`,
      data: old.data,
      createdAt: old.createdAt,
      updatedAt: old.updatedAt,
      replacedAt: now,
    });
  }
  inst.data = next;
  inst.updatedAt = now;
  instances.set(scopeValue, inst);
  state.ledgerInstances.set(key, instances);
  return inst;
}

export function findDefinition(state: ParticleState, ns: string, name: string) {
  return state.ledgers.get(defKey(ns, name));
}

/** Ledger definitions and instances (with versions) of the user (/v1/ledgers) and of orgs. */
export function registerLedgers(app: FastifyInstance, deps: AuthDeps): void {
  type P = { org?: string; name?: string; scopeValue?: string; version?: string };
  const withDef = (request: FastifyRequest<{ Params: P }>, reply: FastifyReply) => {
    const s = scoped(deps, request, reply);
    if (!s) return undefined;
    const d = findDefinition(deps.state(), s.ns, request.params.name ?? '');
    if (!d) {
      sendParticleError(reply, 404, 'Ledger not found', `no ledger ${JSON.stringify(request.params.name)}`);
      return undefined;
    }
    return { s, d };
  };
  /** Checks that the scope value names something of the ledger's scope the caller may use. */
  const scopeValueOk = (s: Scoped, d: LedgerDefinition, value: string): boolean => {
    const state = deps.state();
    if (d.scope === 'Owner') return value === (s.org?.id ?? s.user.id);
    if (d.scope === 'Product') {
      const p = state.products.get(Number(value));
      return !!p && isMember(p, s.user);
    }
    const dev = state.devices.get(value);
    if (!dev) return false;
    if (dev.ownerId === s.user.id) return true;
    const p = dev.productId === null ? undefined : state.products.get(dev.productId);
    return !!p && isMember(p, s.user);
  };
  const withInstance = (request: FastifyRequest<{ Params: P }>, reply: FastifyReply) => {
    const r = withDef(request, reply);
    if (!r) return undefined;
    const value = request.params.scopeValue ?? '';
    const inst = deps.state().ledgerInstances.get(defKey(r.d.ns, r.d.name))?.get(value);
    if (!inst) {
      sendParticleError(
        reply,
        404,
        'Ledger instance not found',
        `${r.d.name} has no instance for ${JSON.stringify(value)}`,
      );
      return undefined;
    }
    return { ...r, inst };
  };

  for (const base of ['/v1/ledgers', '/v1/orgs/:org/ledgers']) {
    app.post<{ Params: P }>(base, async (request, reply) => {
      const s = scoped(deps, request, reply);
      if (!s) return reply;
      const l = bodyOf(request).ledger as Record<string, unknown> | undefined;
      if (!l || typeof l !== 'object') return sendParticleError(reply, 400, 'ledger must be an object');
      if (typeof l.name !== 'string' || !NAME.test(l.name))
        return sendParticleError(reply, 400, 'ledger.name must be 1-32 lowercase letters, digits or -');
      if (!SCOPES.includes(l.scope as (typeof SCOPES)[number]))
        return sendParticleError(reply, 400, `ledger.scope must be one of ${SCOPES.join(', ')}`);
      const direction = l.direction ?? 'Downstream';
      if (!DIRECTIONS.includes(direction as (typeof DIRECTIONS)[number]))
        return sendParticleError(reply, 400, `ledger.direction must be one of ${DIRECTIONS.join(', ')}`);
      if (l.description !== undefined && typeof l.description !== 'string')
        return sendParticleError(reply, 400, 'ledger.description must be a string');
      const state = deps.state();
      if (state.ledgers.has(defKey(s.ns, l.name)))
        return sendParticleError(reply, 400, `a ledger named ${l.name} already exists`);
      const now = deps.ctx.now();
      const d: LedgerDefinition = {
        ns: s.ns,
        name: l.name,
        description: (l.description as string | undefined) ?? '',
        scope: l.scope as LedgerDefinition['scope'],
        direction: direction as LedgerDefinition['direction'],
        createdAt: now,
        updatedAt: now,
        archivedAt: null,
      };
      state.ledgers.set(defKey(s.ns, d.name), d);
      return reply.code(201).send(definitionJson(d));
    });

    app.get<{ Params: P }>(base, async (request, reply) => {
      const s = scoped(deps, request, reply);
      if (!s) return reply;
      const q = request.query as Record<string, string | undefined>;
      if (q.scope !== undefined && !SCOPES.includes(q.scope as (typeof SCOPES)[number]))
        return sendParticleError(reply, 400, `scope must be one of ${SCOPES.join(', ')}`);
      if (q.archived !== undefined && q.archived !== 'true' && q.archived !== 'false')
        return sendParticleError(reply, 400, 'archived must be true or false');
      const p = paging(reply, q, { perPage: 100, max: 100 });
      if (!p) return reply;
      const list = [...deps.state().ledgers.values()].filter(
        (d) =>
          d.ns === s.ns &&
          (q.scope === undefined || d.scope === q.scope) &&
          (q.archived === undefined || (d.archivedAt !== null) === (q.archived === 'true')),
      );
      const page = pageOf(list, p);
      return { ledger_definitions: page.items.map(definitionJson), meta: page.meta };
    });

    app.get<{ Params: P }>(`${base}/:name`, async (request, reply) => {
      const r = withDef(request, reply);
      return r ? definitionJson(r.d) : reply;
    });

    app.put<{ Params: P }>(`${base}/:name`, async (request, reply) => {
      const r = withDef(request, reply);
      if (!r) return reply;
      const l = bodyOf(request).ledger as Record<string, unknown> | undefined;
      if (!l || typeof l !== 'object') return sendParticleError(reply, 400, 'ledger must be an object');
      for (const k of ['name', 'scope', 'direction'] as const)
        if (l[k] !== undefined && l[k] !== r.d[k])
          return sendParticleError(reply, 400, `ledger.${k} cannot be changed`);
      if (l.description !== undefined) {
        if (typeof l.description !== 'string')
          return sendParticleError(reply, 400, 'ledger.description must be a string');
        r.d.description = l.description;
      }
      r.d.updatedAt = deps.ctx.now();
      return definitionJson(r.d);
    });

    app.delete<{ Params: P }>(`${base}/:name`, async (request, reply) => {
      const r = withDef(request, reply);
      if (!r) return reply;
      if (r.d.archivedAt !== null)
        return sendParticleError(reply, 400, `ledger ${r.d.name} is already archived`);
      r.d.archivedAt = deps.ctx.now();
      return reply.code(204).send();
    });

    app.get<{ Params: P }>(`${base}/:name/instances`, async (request, reply) => {
      const r = withDef(request, reply);
      if (!r) return reply;
      const p = paging(reply, request.query as Record<string, unknown>, { perPage: 100, max: 100 });
      if (!p) return reply;
      const state = deps.state();
      const all = [...(state.ledgerInstances.get(defKey(r.d.ns, r.d.name))?.values() ?? [])];
      const page = pageOf(all, p);
      return { instances: page.items.map((i) => instanceJson(state, r.d, i)), meta: page.meta };
    });

    app.get<{ Params: P }>(`${base}/:name/instances/:scopeValue`, async (request, reply) => {
      const r = withInstance(request, reply);
      return r ? instanceJson(deps.state(), r.d, r.inst) : reply;
    });

    app.put<{ Params: P }>(`${base}/:name/instances/:scopeValue`, async (request, reply) => {
      const r = withDef(request, reply);
      if (!r) return reply;
      const value = request.params.scopeValue ?? '';
      if (!scopeValueOk(r.s, r.d, value))
        return sendParticleError(
          reply,
          400,
          `${JSON.stringify(value)} is not a ${r.d.scope.toLowerCase()} of yours for ledger ${r.d.name}`,
        );
      const mode = (request.query as Record<string, unknown>).set_mode ?? 'Replace';
      if (mode !== 'Replace' && mode !== 'Merge')
        return sendParticleError(reply, 400, 'set_mode must be Replace or Merge');
      const instance = bodyOf(request).instance as { data?: unknown } | undefined;
      const result = writeInstance(deps.state(), r.d, value, instance?.data, mode, deps.ctx.now());
      if (typeof result === 'string') return sendParticleError(reply, 400, result);
      return instanceJson(deps.state(), r.d, result);
    });

    app.delete<{ Params: P }>(`${base}/:name/instances/:scopeValue`, async (request, reply) => {
      const r = withInstance(request, reply);
      if (!r) return reply;
      deps.state().ledgerInstances.get(defKey(r.d.ns, r.d.name))?.delete(r.inst.scopeValue);
      return reply.code(204).send();
    });

    app.get<{ Params: P }>(`${base}/:name/instances/:scopeValue/versions`, async (request, reply) => {
      const r = withInstance(request, reply);
      if (!r) return reply;
      const q = request.query as Record<string, string | undefined>;
      const before =
        q.replaced_before === undefined ? Number.POSITIVE_INFINITY : Date.parse(q.replaced_before);
      const after = q.replaced_after === undefined ? Number.NEGATIVE_INFINITY : Date.parse(q.replaced_after);
      if (Number.isNaN(before) || Number.isNaN(after))
        return sendParticleError(reply, 400, 'replaced_before and replaced_after must be ISO 8601 dates');
      const state = deps.state();
      const versions = r.inst.versions
        .filter((v) => v.replacedAt < before && v.replacedAt > after)
        .reverse()
        .map((v) => ({
          ...instanceJson(state, r.d, {
            ...r.inst,
            data: v.data,
            createdAt: v.createdAt,
            updatedAt: v.updatedAt,
          }),
          version: v.version,
          replaced_at: iso(v.replacedAt),
        }));
      return { versions, meta: { has_more: false } };
    });

    app.get<{ Params: P }>(
      `${base}/:name/instances/:scopeValue/versions/:version`,
      async (request, reply) => {
        const r = withInstance(request, reply);
        if (!r) return reply;
        const v = r.inst.versions.find((x) => x.version === request.params.version);
        if (!v) return sendParticleError(reply, 404, 'Ledger instance version not found');
        return {
          ...instanceJson(deps.state(), r.d, {
            ...r.inst,
            data: v.data,
            createdAt: v.createdAt,
            updatedAt: v.updatedAt,
          }),
          version: v.version,
          replaced_at: iso(v.replacedAt),
        };
      },
    );
  }
}
