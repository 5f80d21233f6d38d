import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bodyOf, isMember, iso, scoped } from './access.js';
import type { AuthDeps } from './auth.js';
import { sendParticleError } from './errors.js';
import type { EnvScope, ParticleDevice, ParticleState, ParticleUser } from './state.js';

const KEY = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const MAX_VALUE = 1024;

type From = 'Owner' | 'Product' | 'Firmware';

/** Scope key of env vars: `user:<id>`, `org:<id>`, `product:<id>` or `device:<id>`. */
export function parents(state: ParticleState, key: string): { key: string; from: From }[] {
  const [kind, id] = key.split(':') as [string, string];
  const ownerOf = (productId: number) => {
    const p = state.products.get(productId);
    if (!p) return [];
    return [{ key: p.orgId ? `org:${p.orgId}` : `user:${p.ownerId}`, from: 'Owner' as const }];
  };
  if (kind === 'product') return ownerOf(Number(id));
  if (kind === 'device') {
    const d = state.devices.get(id);
    if (!d) return [];
    if (d.productId !== null)
      return [{ key: `product:${d.productId}`, from: 'Product' }, ...ownerOf(d.productId)];
    return d.ownerId ? [{ key: `user:${d.ownerId}`, from: 'Owner' }] : [];
  }
  return [];
}

const emptyScope = (): EnvScope => ({
  own: {},
  snapshot: null,
  createdAt: null,
  updatedAt: null,
  createdBy: null,
  updatedBy: null,
});

/** The values inherited from parent scopes (nearest parent wins), each with where it came from. */
function inherited(state: ParticleState, key: string): Record<string, { from: From; value: string }> {
  const out: Record<string, { from: From; value: string }> = {};
  for (const p of parents(state, key).reverse()) {
    for (const [k, value] of Object.entries(state.env.get(p.key)?.own ?? {}))
      out[k] = { from: p.from, value };
  }
  return out;
}

/** What a device in this scope would get: inherited values overridden by the scope's own. */
export function rendered(state: ParticleState, key: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(inherited(state, key))) out[k] = v.value;
  return Object.assign(out, state.env.get(key)?.own ?? {});
}

function diff(before: Record<string, string>, after: Record<string, string>) {
  const changes: Record<string, string>[] = [];
  const unchanged: Record<string, string> = {};
  for (const [k, v] of Object.entries(after)) {
    if (!(k in before)) changes.push({ op: 'Added', key: k, after: v });
    else if (before[k] !== v) changes.push({ op: 'Changed', key: k, before: before[k] as string, after: v });
    else unchanged[k] = v;
  }
  for (const [k, v] of Object.entries(before))
    if (!(k in after)) changes.push({ op: 'Removed', key: k, before: v });
  return { changes, unchanged };
}

const wrap = (own: Record<string, string>) =>
  Object.fromEntries(Object.entries(own).map(([k, value]) => [k, { value }]));

/** Environment variables of the user (/v1/env), orgs, products and devices, with snapshots and rollouts. */
export function registerEnv(app: FastifyInstance, deps: AuthDeps): void {
  type P = { product?: string; org?: string; deviceId?: string; key?: string };

  const canSeeDevice = (state: ParticleState, user: ParticleUser, d: ParticleDevice) =>
    d.ownerId === user.id ||
    (d.productId !== null &&
      !!state.products.get(d.productId) &&
      isMember(state.products.get(d.productId)!, user));

  /** Authenticates and returns the scope key (`device:<id>` for the device routes). */
  const resolve = (request: FastifyRequest<{ Params: P }>, reply: FastifyReply) => {
    const s = scoped(deps, request, reply);
    if (!s) return undefined;
    const state = deps.state();
    if (request.params.deviceId !== undefined) {
      const id = request.params.deviceId;
      const d = [...state.devices.values()].find(
        (x) => (x.id === id || x.name === id) && canSeeDevice(state, s.user, x),
      );
      if (!d) {
        sendParticleError(reply, 404, 'Device not found', `no device ${JSON.stringify(id)} on your account`);
        return undefined;
      }
      return { user: s.user, key: `device:${d.id}`, device: d };
    }
    return { user: s.user, key: s.ns, device: undefined as ParticleDevice | undefined };
  };

  const answer = (r: NonNullable<ReturnType<typeof resolve>>) => {
    const state = deps.state();
    const scope = state.env.get(r.key) ?? emptyScope();
    const inh = inherited(state, r.key);
    const snap = scope.snapshot;
    return {
      ...(r.device?.envOnDevice
        ? {
            on_device: {
              rendered: r.device.envOnDevice.rendered,
              last_reported_at: iso(r.device.envOnDevice.reportedAt),
              development_env: r.device.development,
            },
          }
        : {}),
      last_snapshot: snap
        ? { own: wrap(snap.own), inherited: inh, rollout_at: iso(snap.at), rollout_by: snap.by }
        : null,
      latest: {
        own: wrap(scope.own),
        inherited: inh,
        created_at: iso(scope.createdAt),
        updated_at: iso(scope.updatedAt),
        created_by: scope.createdBy,
        updated_by: scope.updatedBy,
      },
    };
  };

  /** Applies Set/Unset operations atomically; returns an error message or undefined. */
  const apply = (r: NonNullable<ReturnType<typeof resolve>>, ops: unknown): string | undefined => {
    if (!Array.isArray(ops) || ops.length === 0)
      return 'ops must be a non-empty array of { op, key, value? }';
    const state = deps.state();
    const scope = state.env.get(r.key) ?? emptyScope();
    const own = { ...scope.own };
    for (const [i, raw] of ops.entries()) {
      const o = (raw ?? {}) as { op?: unknown; key?: unknown; value?: unknown };
      if (typeof o.key !== 'string' || !KEY.test(o.key))
        return `ops[${i}].key must be letters, digits or _ (not starting with a digit), at most 64`;
      if (o.key.toUpperCase().startsWith('PARTICLE_'))
        return `ops[${i}].key: the PARTICLE_ prefix is reserved`;
      if (o.op === 'Set') {
        if (typeof o.value !== 'string') return `ops[${i}].value must be a string`;
        if (Buffer.byteLength(o.value) > MAX_VALUE)
          return `ops[${i}].value must be at most ${MAX_VALUE} bytes`;
        own[o.key] = o.value;
      } else if (o.op === 'Unset') {
        if (!(o.key in own)) return `ops[${i}]: ${o.key} is not set in this scope`;
        delete own[o.key];
      } else {
        return `ops[${i}].op must be Set or Unset`;
      }
    }
    const now = deps.ctx.now();
    scope.own = own;
    scope.createdAt ??= now;
    scope.createdBy ??= r.user.username;
    scope.updatedAt = now;
    scope.updatedBy = r.user.username;
    state.env.set(r.key, scope);
    return undefined;
  };

  const bases = ['/v1/env', '/v1/env/:deviceId', '/v1/products/:product/env', '/v1/orgs/:org/env'];
  for (const base of bases) {
    app.get<{ Params: P }>(base, async (request, reply) => {
      const r = resolve(request, reply);
      return r ? answer(r) : reply;
    });
    app.patch<{ Params: P }>(base, async (request, reply) => {
      const r = resolve(request, reply);
      if (!r) return reply;
      const problem = apply(r, bodyOf(request).ops);
      return problem ? sendParticleError(reply, 400, problem) : answer(r);
    });
    const keyPath = base === '/v1/env' ? '/v1/env/:key' : `${base}/:key`;
    app.put<{ Params: P }>(keyPath, async (request, reply) => {
      const r = resolve(request, reply);
      if (!r) return reply;
      const problem = apply(r, [{ op: 'Set', key: request.params.key, value: bodyOf(request).value }]);
      return problem ? sendParticleError(reply, 400, problem.replace('ops[0].', '')) : answer(r);
    });
    app.delete<{ Params: P }>(keyPath, async (request, reply) => {
      const r = resolve(request, reply);
      if (!r) return reply;
      const problem = apply(r, [{ op: 'Unset', key: request.params.key }]);
      return problem ? sendParticleError(reply, 404, problem.replace('ops[0]: ', '')) : answer(r);
    });
    app.get<{ Params: P }>(`${base}/render`, async (request, reply) => {
      const r = resolve(request, reply);
      if (!r) return reply;
      const scope = deps.state().env.get(r.key);
      return {
        env: rendered(deps.state(), r.key),
        last_updated_at: iso(scope?.updatedAt),
        rollout_at: iso(scope?.snapshot?.at),
        rollout_by: scope?.snapshot?.by ?? null,
      };
    });
    app.get<{ Params: P }>(`${base}/rollout`, async (request, reply) => {
      const r = resolve(request, reply);
      if (!r) return reply;
      const now = rendered(deps.state(), r.key);
      const snap = deps.state().env.get(r.key)?.snapshot;
      return {
        from_snapshot: diff(snap?.rendered ?? {}, now),
        ...(r.device ? { from_device: diff(r.device.envOnDevice?.rendered ?? {}, now) } : {}),
      };
    });
    // Immediate: online devices of the scope get the values now; Connect: when they next connect (not simulated).
    app.post<{ Params: P }>(`${base}/rollout`, async (request, reply) => {
      const r = resolve(request, reply);
      if (!r) return reply;
      const when = bodyOf(request).when;
      if (when !== 'Immediate' && when !== 'Connect')
        return sendParticleError(reply, 400, 'when must be Immediate or Connect');
      const state = deps.state();
      const scope = state.env.get(r.key) ?? emptyScope();
      const now = deps.ctx.now();
      scope.snapshot = {
        own: { ...scope.own },
        rendered: rendered(state, r.key),
        at: now,
        by: r.user.username,
      };
      state.env.set(r.key, scope);
      if (when === 'Immediate') {
        const [kind, id] = r.key.split(':') as [string, string];
        for (const d of state.devices.values()) {
          const hit =
            (kind === 'device' && d.id === id) ||
            (kind === 'product' && d.productId === Number(id)) ||
            (kind === 'user' && d.ownerId === id && d.productId === null);
          if (hit && d.online)
            d.envOnDevice = { rendered: rendered(state, `device:${d.id}`), reportedAt: now };
        }
      }
      return { success: true };
    });
  }
}
