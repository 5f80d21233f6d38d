import vm from 'node:vm';
import type { EventBus } from './events.js';
import { findDefinition, writeInstance } from './ledgers.js';
import type { LogicLog, LogicRun, ParticleState } from './state.js';

/** coreid of events that logic functions publish; such events do not trigger logic functions again. */
export const LOGIC_COREID = 'particle-logic';
/** Longest synchronous run of a logic function, and longest wait for its promise, in ms. */
export const LOGIC_TIMEOUT_MS = 2000;

/**
 * Turns a logic function module (`import Particle from 'particle:core'`, `export default function main(ctx)`) into a
 * script for node:vm. Only `particle:core` may be imported. vm is not a security boundary: this runs code the
 * sandbox's own user wrote, on their machine.
 */
export function toScript(code: string): string {
  const other = /^\s*import\s+[^;]*?from\s+['"](?!particle:core['"])([^'"]+)['"]/m.exec(code);
  if (other) throw new SyntaxError(`only 'particle:core' can be imported (found '${other[1]}')`);
  const body = code
    .replace(
      /import\s+(\w+)\s*,\s*(\{[^}]*\})\s+from\s+['"]particle:core['"];?/g,
      'const $1 = __particle; const $2 = __particle;',
    )
    .replace(/import\s+(\w+)\s+from\s+['"]particle:core['"];?/g, 'const $1 = __particle;')
    .replace(/import\s+\*\s+as\s+(\w+)\s+from\s+['"]particle:core['"];?/g, 'const $1 = __particle;')
    .replace(/import\s+(\{[^}]*\})\s+from\s+['"]particle:core['"];?/g, 'const $1 = __particle;')
    .replace(/export\s+default\s+/g, '__exports.default = ');
  return body;
}

/** Throws a SyntaxError naming the problem when the code cannot run. */
export function checkSyntax(code: string): void {
  new vm.Script(toScript(code), { filename: 'logic.js' });
}

export interface RunInput {
  code: string;
  /** Owner namespace of the function (`user:<id>` or `org:<id>`). */
  ns: string;
  functionId: string;
  trigger: { type: LogicRun['triggerType']; id: string | null };
  event?: { name: string; data: string; deviceId: string; productId: number | null; publishedAt: string };
  /** For scheduled runs: the minute the cron matched. */
  scheduledAt?: string;
}

const clone = (v: unknown): unknown => {
  if (v === undefined || v === null || typeof v !== 'object') return v === undefined ? null : v;
  try {
    return JSON.parse(JSON.stringify(v));
  } catch {
    return String(v);
  }
};

/** Runs one logic function and returns its run record (status, logs). Never throws. */
export async function runLogic(
  getState: () => ParticleState,
  bus: EventBus,
  now: () => number,
  input: RunInput,
): Promise<Omit<LogicRun, 'id'>> {
  const startedAt = now();
  const logs: LogicLog[] = [];
  const log =
    (level: LogicLog['level']) =>
    (...args: unknown[]) =>
      logs.push({ level, timestamp: new Date(now()).toISOString(), args: args.map(clone) });
  const [kind, ownerId] = input.ns.split(':') as [string, string];

  const particle = {
    MERGE: 'Merge',
    REPLACE: 'Replace',
    publish(name: unknown, data?: unknown, options?: { productId?: number }) {
      if (typeof name !== 'string' || name.length === 0 || name.length > 64)
        throw new TypeError('Particle.publish: name must be a string of 1 to 64 characters');
      const text =
        data === undefined || data === null ? '' : typeof data === 'string' ? data : JSON.stringify(data);
      bus.publish({
        name,
        data: text,
        ttl: 60,
        coreid: LOGIC_COREID,
        ownerId: kind === 'user' ? ownerId : null,
        productId: options?.productId ?? input.event?.productId ?? null,
        isPrivate: true,
      });
    },
    ledger(name: unknown, scope: { deviceId?: string; productId?: number } = {}) {
      const def = typeof name === 'string' ? findDefinition(getState(), input.ns, name) : undefined;
      if (!def) throw new Error(`Particle.ledger: no ledger named ${JSON.stringify(name)}`);
      const value =
        def.scope === 'Owner'
          ? ownerId
          : def.scope === 'Device'
            ? (scope.deviceId ?? input.event?.deviceId)
            : String(scope.productId ?? input.event?.productId ?? '');
      if (!value) throw new Error(`Particle.ledger: ${def.scope.toLowerCase()} scope needs an id`);
      return {
        get() {
          const inst = getState().ledgerInstances.get(`${def.ns}|${def.name}`)?.get(value);
          return {
            data: clone(inst?.data ?? {}),
            updatedAt: inst ? new Date(inst.updatedAt).toISOString() : null,
          };
        },
        set(data: unknown, mode: 'Replace' | 'Merge' = 'Replace') {
          const r = writeInstance(getState(), def, value, clone(data), mode, now());
          if (typeof r === 'string') throw new Error(`Particle.ledger: ${r}`);
        },
      };
    },
  };

  const context = {
    functionInfo: { ownerId, logicFunctionId: input.functionId },
    trigger: { type: input.trigger.type, triggerId: input.trigger.id },
    scheduled: input.scheduledAt ? { scheduledAt: input.scheduledAt, startAt: input.scheduledAt } : undefined,
    event: input.event
      ? {
          publishedAt: input.event.publishedAt,
          eventName: input.event.name,
          eventData: input.event.data,
          deviceId: input.event.deviceId,
          productId: input.event.productId ?? undefined,
        }
      : undefined,
  };

  let status: LogicRun['status'] = 'Success';
  try {
    const sandbox = vm.createContext({
      __particle: particle,
      __exports: {} as { default?: unknown },
      __context: context,
      console: { log: log('Info'), info: log('Info'), warn: log('Warning'), error: log('Error') },
    });
    vm.runInContext(toScript(input.code), sandbox, { filename: 'logic.js', timeout: LOGIC_TIMEOUT_MS });
    if (typeof sandbox.__exports.default !== 'function')
      throw new TypeError('the logic function must `export default` a function');
    const result = vm.runInContext('__exports.default(__context)', sandbox, { timeout: LOGIC_TIMEOUT_MS });
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((r) => {
        timer = setTimeout(() => r('timeout'), LOGIC_TIMEOUT_MS);
      });
      const outcome = await Promise.race([result as Promise<unknown>, timeout]);
      clearTimeout(timer);
      if (outcome === 'timeout') status = 'Timeout';
    }
  } catch (e) {
    const err = e as Error & { code?: string };
    if (err?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') status = 'Timeout';
    else status = 'Failure';
    logs.push({
      level: 'Error',
      timestamp: new Date(now()).toISOString(),
      args: [String(err?.stack ?? err)],
    });
  }
  return {
    functionId: input.functionId,
    triggerType: input.trigger.type,
    triggerId: input.trigger.id,
    status,
    startedAt,
    finishedAt: now(),
    logs,
  };
}
