import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Body, bodyOf, iso, scoped } from './access.js';
import type { AuthDeps } from './auth.js';
import { parseCron } from './cron.js';
import { sendParticleError } from './errors.js';
import type { EventBus } from './events.js';
import { eventInNamespace } from './integrations.js';
import { checkSyntax, LOGIC_COREID, runLogic } from './logic-runtime.js';
import { type LogicFunction, type LogicRun, type LogicTrigger, nextId } from './state.js';

export const MAX_FUNCTIONS = 20;
export const MAX_TRIGGERS = 5;
export const MAX_RUNS = 100;

export interface LogicDeps extends AuthDeps {
  bus: () => EventBus;
}

const triggerJson = (f: LogicFunction, t: LogicTrigger) => ({ ...t, logic_function_id: f.id });

function functionJson(f: LogicFunction, runs: LogicRun[] | undefined, todayStart: number | undefined) {
  const out: Record<string, unknown> = {
    id: f.id,
    owner_id: f.ns.split(':')[1],
    version: f.version,
    enabled: f.enabled,
    name: f.name,
    description: f.description,
    template_slug: null,
    source: { type: 'JavaScript', code: f.code },
    created_at: iso(f.createdAt),
    updated_at: iso(f.updatedAt),
    created_by: f.createdBy,
    updated_by: f.updatedBy,
    logic_triggers: f.triggers.map((t) => triggerJson(f, t)),
  };
  if (todayStart !== undefined) {
    const today = (runs ?? []).filter((r) => r.startedAt >= todayStart);
    out.today_stats = {
      success: today.filter((r) => r.status === 'Success').length,
      failure: today.filter((r) => r.status === 'Failure').length,
      timeout: today.filter((r) => r.status === 'Timeout').length,
    };
  }
  return out;
}

const runJson = (f: LogicFunction, r: LogicRun) => ({
  id: r.id,
  owner_id: f.ns.split(':')[1],
  logic_function_id: f.id,
  logic_trigger_type: r.triggerType,
  logic_trigger_id: r.triggerId,
  status: r.status,
  started_at: iso(r.startedAt),
  finished_at: iso(r.finishedAt),
  log_filename: `${r.id}.log`,
});

/** Logic functions of the user (/v1/logic) and orgs: CRUD, execute, event triggers, runs and their logs. */
export function registerLogic(
  app: FastifyInstance,
  deps: LogicDeps,
  scheduleTickMs = 1000,
): { stop(): void } {
  type P = { org?: string; id?: string; runId?: string };

  /** Validates a create/update body onto `base`; returns an error message or the updated function. */
  const apply = (body: Body, base: LogicFunction, creating: boolean): string | LogicFunction => {
    const lf = body.logic_function as Body | undefined;
    if (!lf || typeof lf !== 'object') return 'logic_function must be an object';
    const next: LogicFunction = { ...base, triggers: base.triggers.map((t) => ({ ...t })) };
    if (lf.name !== undefined || creating) {
      if (typeof lf.name !== 'string' || lf.name.trim() === '' || lf.name.length > 100)
        return 'logic_function.name must be a string of 1 to 100 characters';
      next.name = lf.name;
    }
    if (lf.description !== undefined) {
      if (typeof lf.description !== 'string') return 'logic_function.description must be a string';
      next.description = lf.description;
    }
    if (lf.enabled !== undefined) {
      if (typeof lf.enabled !== 'boolean') return 'logic_function.enabled must be a boolean';
      next.enabled = lf.enabled;
    }
    if (lf.source !== undefined || creating) {
      const src = lf.source as Body | undefined;
      if (src?.type !== 'JavaScript' || typeof src.code !== 'string' || src.code.trim() === '')
        return "logic_function.source must be { type: 'JavaScript', code }";
      try {
        checkSyntax(src.code);
      } catch (e) {
        return `logic_function.source.code: ${(e as Error).message}`;
      }
      next.code = src.code;
    }
    if (lf.logic_triggers !== undefined) {
      if (!Array.isArray(lf.logic_triggers) || lf.logic_triggers.length > MAX_TRIGGERS)
        return `logic_function.logic_triggers must be an array of at most ${MAX_TRIGGERS}`;
      const triggers: LogicTrigger[] = [];
      for (const [i, raw] of lf.logic_triggers.entries()) {
        const t = (raw ?? {}) as Body;
        const at = `logic_function.logic_triggers[${i}]`;
        const old = typeof t.id === 'string' ? base.triggers.find((x) => x.id === t.id) : undefined;
        if (typeof t.id === 'string' && !old) return `${at}.id ${t.id} is not a trigger of this function`;
        if (t.type !== 'Event' && t.type !== 'Scheduled') return `${at}.type must be Event or Scheduled`;
        if (t.enabled !== undefined && typeof t.enabled !== 'boolean')
          return `${at}.enabled must be a boolean`;
        const trigger: LogicTrigger = {
          id: old?.id ?? nextId(deps.state(), 'trigger'),
          type: t.type,
          enabled: t.enabled === undefined ? (old?.enabled ?? true) : (t.enabled as boolean),
          version: (old?.version ?? 0) + 1,
        };
        if (t.type === 'Event') {
          if (typeof t.event !== 'string' || t.event === '' || t.event.length > 64)
            return `${at}.event must be an event name of 1 to 64 characters`;
          trigger.event = t.event;
          if (t.product_id !== undefined && t.product_id !== null) {
            const pid = Number(t.product_id);
            if (!Number.isInteger(pid)) return `${at}.product_id must be an integer`;
            trigger.product_id = pid;
          }
        } else {
          if (typeof t.cron !== 'string') return `${at}.cron is required for a Scheduled trigger`;
          const cron = parseCron(t.cron);
          if (typeof cron === 'string') return `${at}.${cron}`;
          if (t.start_at !== undefined && Number.isNaN(Date.parse(String(t.start_at))))
            return `${at}.start_at must be an ISO 8601 date`;
          if (t.end_at !== undefined && t.end_at !== null && Number.isNaN(Date.parse(String(t.end_at))))
            return `${at}.end_at must be an ISO 8601 date or null`;
          trigger.cron = t.cron;
          trigger.start_at = typeof t.start_at === 'string' ? t.start_at : (iso(deps.ctx.now()) ?? undefined);
          trigger.end_at = typeof t.end_at === 'string' ? t.end_at : null;
        }
        triggers.push(trigger);
      }
      next.triggers = triggers;
    }
    return next;
  };

  const withFunction = (request: FastifyRequest<{ Params: P }>, reply: FastifyReply) => {
    const s = scoped(deps, request, reply);
    if (!s) return undefined;
    const f = deps.state().logicFunctions.get(request.params.id ?? '');
    if (!f || f.ns !== s.ns) {
      sendParticleError(
        reply,
        404,
        'Logic function not found',
        `no logic function ${JSON.stringify(request.params.id)}`,
      );
      return undefined;
    }
    return { s, f };
  };

  const record = (f: LogicFunction, run: Omit<LogicRun, 'id'>) => {
    const state = deps.state();
    const full: LogicRun = { ...run, id: nextId(state, 'run') };
    const runs = state.logicRuns.get(f.id) ?? [];
    runs.push(full);
    if (runs.length > MAX_RUNS) runs.shift();
    state.logicRuns.set(f.id, runs);
    return full;
  };

  for (const base of ['/v1/logic', '/v1/orgs/:org/logic']) {
    app.post<{ Params: P }>(`${base}/execute`, async (request, reply) => {
      const s = scoped(deps, request, reply);
      if (!s) return reply;
      const body = bodyOf(request);
      const src = body.source as Body | undefined;
      if (src?.type !== 'JavaScript' || typeof src.code !== 'string')
        return sendParticleError(reply, 400, "source must be { type: 'JavaScript', code }");
      try {
        checkSyntax(src.code);
      } catch (e) {
        return sendParticleError(reply, 400, `source.code: ${(e as Error).message}`);
      }
      const ev = (body.event ?? {}) as Body;
      const run = await runLogic(deps.state, deps.bus(), deps.ctx.now, {
        code: src.code,
        ns: s.ns,
        functionId: 'execute',
        trigger: { type: 'Execute', id: null },
        event: {
          name: String(ev.event_name ?? 'test-event'),
          data: String(ev.event_data ?? ''),
          deviceId: String(ev.device_id ?? ''),
          productId: ev.product_id === undefined ? null : Number(ev.product_id),
          publishedAt: iso(deps.ctx.now()) as string,
        },
      });
      const err = run.status === 'Success' ? '' : String(run.logs.at(-1)?.args[0] ?? run.status);
      return { result: { status: run.status === 'Success' ? 'Success' : 'Failure', logs: run.logs, err } };
    });

    app.post<{ Params: P }>(`${base}/functions`, async (request, reply) => {
      const s = scoped(deps, request, reply);
      if (!s) return reply;
      const state = deps.state();
      const mine = [...state.logicFunctions.values()].filter((f) => f.ns === s.ns);
      if (mine.length >= MAX_FUNCTIONS)
        return sendParticleError(reply, 400, `at most ${MAX_FUNCTIONS} logic functions per account`);
      const now = deps.ctx.now();
      const base0: LogicFunction = {
        id: '',
        ns: s.ns,
        name: '',
        description: '',
        enabled: true,
        version: 1,
        code: '',
        triggers: [],
        createdAt: now,
        updatedAt: now,
        createdBy: s.user.username,
        updatedBy: s.user.username,
      };
      const next = apply(bodyOf(request), base0, true);
      if (typeof next === 'string') return sendParticleError(reply, 400, next);
      if (mine.some((f) => f.name === next.name))
        return sendParticleError(
          reply,
          400,
          `a logic function named ${JSON.stringify(next.name)} already exists`,
        );
      next.id = nextId(state, 'logic');
      state.logicFunctions.set(next.id, next);
      return reply.code(201).send({ logic_function: functionJson(next, undefined, undefined) });
    });

    app.get<{ Params: P }>(`${base}/functions`, async (request, reply) => {
      const s = scoped(deps, request, reply);
      if (!s) return reply;
      const q = request.query as Record<string, unknown>;
      const stats = q.today_stats === 'true' || q.today_stats === '1';
      const now = new Date(deps.ctx.now());
      const todayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
      const state = deps.state();
      return {
        logic_functions: [...state.logicFunctions.values()]
          .filter((f) => f.ns === s.ns)
          .map((f) => functionJson(f, state.logicRuns.get(f.id), stats ? todayStart : undefined)),
      };
    });

    app.get<{ Params: P }>(`${base}/functions/:id`, async (request, reply) => {
      const r = withFunction(request, reply);
      return r ? { logic_function: functionJson(r.f, undefined, undefined) } : reply;
    });

    app.put<{ Params: P }>(`${base}/functions/:id`, async (request, reply) => {
      const r = withFunction(request, reply);
      if (!r) return reply;
      const next = apply(bodyOf(request), r.f, false);
      if (typeof next === 'string') return sendParticleError(reply, 400, next);
      const clash = [...deps.state().logicFunctions.values()].some(
        (f) => f.ns === r.s.ns && f.id !== r.f.id && f.name === next.name,
      );
      if (clash)
        return sendParticleError(
          reply,
          400,
          `a logic function named ${JSON.stringify(next.name)} already exists`,
        );
      next.version = r.f.version + 1;
      next.updatedAt = deps.ctx.now();
      next.updatedBy = r.s.user.username;
      deps.state().logicFunctions.set(next.id, next);
      return { logic_function: functionJson(next, undefined, undefined) };
    });

    app.delete<{ Params: P }>(`${base}/functions/:id`, async (request, reply) => {
      const r = withFunction(request, reply);
      if (!r) return reply;
      deps.state().logicFunctions.delete(r.f.id);
      deps.state().logicRuns.delete(r.f.id);
      return reply.code(204).send();
    });

    app.get<{ Params: P }>(`${base}/functions/:id/runs`, async (request, reply) => {
      const r = withFunction(request, reply);
      if (!r) return reply;
      const runs = [...(deps.state().logicRuns.get(r.f.id) ?? [])].reverse();
      return { logic_runs: runs.map((x) => runJson(r.f, x)) };
    });

    const withRun = (request: FastifyRequest<{ Params: P }>, reply: FastifyReply) => {
      const r = withFunction(request, reply);
      if (!r) return undefined;
      const run = deps
        .state()
        .logicRuns.get(r.f.id)
        ?.find((x) => x.id === request.params.runId);
      if (!run) {
        sendParticleError(
          reply,
          404,
          'Logic run not found',
          `no run ${JSON.stringify(request.params.runId)}`,
        );
        return undefined;
      }
      return { ...r, run };
    };
    app.get<{ Params: P }>(`${base}/functions/:id/runs/:runId`, async (request, reply) => {
      const r = withRun(request, reply);
      return r ? { logic_run: runJson(r.f, r.run) } : reply;
    });
    app.get<{ Params: P }>(`${base}/functions/:id/runs/:runId/logs`, async (request, reply) => {
      const r = withRun(request, reply);
      return r ? { logs: r.run.logs } : reply;
    });
  }

  // Event triggers: a published event whose name starts with the trigger's event runs the function.
  deps.bus().onPublish((e) => {
    if (e.coreid === LOGIC_COREID) return;
    const state = deps.state();
    for (const f of state.logicFunctions.values()) {
      if (!f.enabled) continue;
      const t = f.triggers.find(
        (x) =>
          x.enabled &&
          x.type === 'Event' &&
          e.name.startsWith(x.event ?? '') &&
          (x.product_id !== undefined ? e.productId === x.product_id : eventInNamespace(state, f.ns, e)),
      );
      if (!t) continue;
      // Deferred: the publisher's request does not wait for (or run inside) the function.
      setImmediate(() => {
        void runLogic(deps.state, deps.bus(), deps.ctx.now, {
          code: f.code,
          ns: f.ns,
          functionId: f.id,
          trigger: { type: 'Event', id: t.id },
          event: {
            name: e.name,
            data: e.data,
            deviceId: e.coreid,
            productId: e.productId,
            publishedAt: e.published_at,
          },
        }).then((run) => {
          if (deps.state() === state) record(f, run);
        });
      });
    }
  });

  // Scheduled triggers: every tick, each minute of the sandbox clock passed since the last tick (at most 60) runs the
  // functions whose cron matches it, within start_at/end_at.
  const minute = (ms: number) => Math.floor(ms / 60_000);
  let last = minute(deps.ctx.now());
  let lastState = deps.state();
  const timer = setInterval(() => {
    const state = deps.state();
    const now = minute(deps.ctx.now());
    if (state !== lastState) {
      lastState = state;
      last = now;
      return;
    }
    const from = Math.max(last + 1, now - 59);
    last = now;
    for (let m = from; m <= now; m++) {
      const at = m * 60_000;
      for (const f of state.logicFunctions.values()) {
        if (!f.enabled) continue;
        for (const t of f.triggers) {
          if (!t.enabled || t.type !== 'Scheduled' || !t.cron) continue;
          if (t.start_at && Date.parse(t.start_at) > at) continue;
          if (t.end_at && Date.parse(t.end_at) <= at) continue;
          const cron = parseCron(t.cron);
          if (typeof cron === 'string' || !cron.matches(at)) continue;
          void runLogic(deps.state, deps.bus(), deps.ctx.now, {
            code: f.code,
            ns: f.ns,
            functionId: f.id,
            trigger: { type: 'Scheduled', id: t.id },
            scheduledAt: new Date(at).toISOString(),
          }).then((run) => {
            if (deps.state() === state) record(f, run);
          });
        }
      }
    }
  }, scheduleTickMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
