import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bodyOf, iso, pageOf, paging, scoped } from './access.js';
import type { AuthDeps } from './auth.js';
import { sendParticleError } from './errors.js';
import type { ParticleState, SimCard } from './state.js';

const ICCID = /^\d{19,20}$/;
/** Monthly data quota of a SIM in the sandbox, in MB. */
export const SIM_QUOTA_MB = 100;

function simJson(state: ParticleState, s: SimCard) {
  const device = s.deviceId ? state.devices.get(s.deviceId) : undefined;
  return {
    _id: s.iccid,
    iccid: s.iccid,
    status: s.status,
    activations_count: s.activations,
    deactivations_count: s.deactivations,
    first_activated_on: iso(s.activatedOn),
    last_activated_on: iso(s.activatedOn),
    activated_on: iso(s.activatedOn),
    last_status_change_action: s.lastStatusChangeAction,
    last_status_change_action_error: 'no',
    base_country_code: 'US',
    carrier: 'Particle Sandbox',
    msisdn: `1555${s.iccid.slice(-7)}`,
    overage_monthly_limit: s.mbLimit,
    product_id: s.productId ?? undefined,
    user_id: s.ownerId ?? undefined,
    device_id: s.deviceId ?? undefined,
    device_name: device?.name,
  };
}

/** Deterministic daily usage of a SIM this month up to today (sandbox clock), in MB. */
function usageByDay(iccid: string, now: number) {
  const today = new Date(now);
  const days = today.getUTCDate();
  let cumulative = 0;
  const out: { date: string; mbs_used: number; mbs_used_cumulative: number }[] = [];
  for (let d = 1; d <= days; d++) {
    const h = createHash('sha256').update(`${iccid}:${d}`).digest();
    const used = Math.round(((h[0] as number) / 255) * 300) / 100; // 0 to 3 MB a day
    cumulative = Math.round((cumulative + used) * 100) / 100;
    const date = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), d))
      .toISOString()
      .slice(0, 10);
    out.push({ date, mbs_used: used, mbs_used_cumulative: cumulative });
  }
  return out;
}

/** SIM cards of the user and of products: list, get/check, activate/deactivate/reactivate, data usage, remove. */
export function registerSims(app: FastifyInstance, deps: AuthDeps): void {
  type P = { product?: string; iccid?: string };
  /** Resolves the caller's scope and (with :iccid) the SIM in it. */
  const resolve = (request: FastifyRequest<{ Params: P }>, reply: FastifyReply) => {
    const s = scoped(deps, request, reply);
    if (!s) return undefined;
    const inScope = (x: SimCard) =>
      s.product ? x.productId === s.product.id : x.ownerId === s.user.id && x.productId === null;
    if (request.params.iccid === undefined) return { s, inScope, sim: undefined };
    if (!ICCID.test(request.params.iccid)) {
      sendParticleError(
        reply,
        400,
        'ICCID must be 19 or 20 digits',
        `got ${JSON.stringify(request.params.iccid)}`,
      );
      return undefined;
    }
    const sim = deps.state().sims.get(request.params.iccid);
    return { s, inScope, sim: sim && inScope(sim) ? sim : undefined, other: sim && !inScope(sim) };
  };
  const notFound = (reply: FastifyReply, iccid?: string) =>
    sendParticleError(reply, 404, 'SIM not found', `no SIM ${iccid} on this account`);

  for (const base of ['/v1/sims', '/v1/products/:product/sims']) {
    app.get<{ Params: P }>(base, async (request, reply) => {
      const r = resolve(request, reply);
      if (!r) return reply;
      const q = request.query as Record<string, string | undefined>;
      const p = paging(reply, q, { perPage: 25, max: 100 });
      if (!p) return reply;
      const state = deps.state();
      let list = [...state.sims.values()].filter(r.inScope);
      if (q.iccid) list = list.filter((x) => x.iccid.includes(q.iccid as string));
      if (q.deviceId) list = list.filter((x) => x.deviceId?.includes(q.deviceId as string));
      if (q.deviceName)
        list = list.filter(
          (x) => x.deviceId && state.devices.get(x.deviceId)?.name.includes(q.deviceName as string),
        );
      const page = pageOf(list, p);
      return { sims: page.items.map((x) => simJson(state, x)), meta: page.meta };
    });

    app.get<{ Params: P }>(`${base}/data_usage`, async (request, reply) => {
      const r = resolve(request, reply);
      if (!r) return reply;
      if (!r.s.product) return sendParticleError(reply, 404, 'Fleet data usage is only served for products');
      const sims = [...deps.state().sims.values()].filter(r.inScope);
      const active = sims.filter((x) => x.status === 'active');
      const byDate = new Map<string, number>();
      for (const sim of active)
        for (const d of usageByDay(sim.iccid, deps.ctx.now()))
          byDate.set(d.date, (byDate.get(d.date) ?? 0) + d.mbs_used);
      let cumulative = 0;
      const usage = [...byDate].map(([date, mbs]) => {
        const mbs_used = Math.round(mbs * 100) / 100;
        cumulative = Math.round((cumulative + mbs_used) * 100) / 100;
        return { date, mbs_used, mbs_used_cumulative: cumulative };
      });
      return {
        total_mbs_used: cumulative,
        total_active_sim_cards: active.length,
        usage_by_day: usage,
        quota: SIM_QUOTA_MB * active.length,
        used: cumulative,
      };
    });

    // checkSIM: HEAD answers 204 when the SIM is on this account (particle-api-js reads any other 2xx as JSON),
    // 403 when it is another account's, 404 when unknown. Declared before the GET so Fastify does not derive one.
    app.head<{ Params: P }>(`${base}/:iccid`, async (request, reply) => {
      const r = resolve(request, reply);
      if (!r) return reply;
      if (r.other) return reply.code(403).send();
      return reply.code(r.sim ? 204 : 404).send();
    });

    // GET: the SIM, 403 when it is another account's, 404 when unknown.
    app.get<{ Params: P }>(`${base}/:iccid`, async (request, reply) => {
      const r = resolve(request, reply);
      if (!r) return reply;
      if (r.other) return sendParticleError(reply, 403, 'SIM is owned by another account');
      return r.sim ? simJson(deps.state(), r.sim) : notFound(reply, request.params.iccid);
    });

    app.get<{ Params: P }>(`${base}/:iccid/data_usage`, async (request, reply) => {
      const r = resolve(request, reply);
      if (!r) return reply;
      if (!r.sim) return notFound(reply, request.params.iccid);
      const usage = usageByDay(r.sim.iccid, deps.ctx.now());
      const used = usage[usage.length - 1]?.mbs_used_cumulative ?? 0;
      return { iccid: r.sim.iccid, usage_by_day: usage, quota: SIM_QUOTA_MB, used };
    });

    // action: activate | deactivate | reactivate | update (with mb_limit). Activating an unknown ICCID imports it.
    app.put<{ Params: P }>(`${base}/:iccid`, async (request, reply) => {
      const r = resolve(request, reply);
      if (!r) return reply;
      if (r.other) return sendParticleError(reply, 403, 'SIM is owned by another account');
      const body = bodyOf(request);
      const action = body.action;
      if (!['activate', 'deactivate', 'reactivate', 'update'].includes(String(action)))
        return sendParticleError(reply, 400, 'action must be activate, deactivate, reactivate or update');
      const state = deps.state();
      let sim = r.sim;
      if (!sim) {
        if (action !== 'activate') return notFound(reply, request.params.iccid);
        sim = {
          iccid: request.params.iccid as string,
          ownerId: r.s.user.id,
          productId: r.s.product?.id ?? null,
          status: 'inactive',
          deviceId: null,
          activations: 0,
          deactivations: 0,
          activatedOn: null,
          lastStatusChangeAction: 'import',
          mbLimit: null,
        };
        state.sims.set(sim.iccid, sim);
      }
      if (body.mb_limit !== undefined) {
        const limit = Number(body.mb_limit);
        if (!Number.isInteger(limit) || limit < 1)
          return sendParticleError(reply, 400, 'mb_limit must be a positive integer');
        sim.mbLimit = limit;
      }
      if (action === 'activate' || action === 'reactivate') {
        if (sim.status === 'active') return sendParticleError(reply, 400, 'SIM is already active');
        if (action === 'reactivate' && sim.activations === 0)
          return sendParticleError(reply, 400, 'SIM was never activated; use action activate');
        sim.status = 'active';
        sim.activations++;
        sim.activatedOn = deps.ctx.now();
      } else if (action === 'deactivate') {
        if (sim.status !== 'active') return sendParticleError(reply, 400, 'SIM is not active');
        sim.status = 'inactive';
        sim.deactivations++;
      }
      if (action !== 'update') sim.lastStatusChangeAction = String(action);
      return simJson(state, sim);
    });

    app.delete<{ Params: P }>(`${base}/:iccid`, async (request, reply) => {
      const r = resolve(request, reply);
      if (!r) return reply;
      if (!r.sim) return notFound(reply, request.params.iccid);
      deps.state().sims.delete(r.sim.iccid);
      return { ok: true };
    });
  }
}
