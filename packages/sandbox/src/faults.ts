import type { Fault, FaultKind, FaultRegistry } from './context.js';
import { seededRandom } from './random.js';

/** What callers pass to add a fault; `count` defaults to unlimited. */
export interface FaultInput {
  kind: FaultKind;
  route?: string;
  count?: number;
  status?: number;
  latencyMs?: number;
  headers?: Record<string, string>;
  body?: unknown;
  afterEvents?: number;
  /**
   * Chance (0-1] that a matching request is hit; drawn from a PRNG seeded with the sandbox seed and the fault's
   * number, so the same seed and the same requests give the same hits. Default 1.
   */
  probability?: number;
}

const KINDS: readonly FaultKind[] = [
  'latency',
  'status',
  'reset-before-body',
  'reset-after-body',
  'truncate',
  'revoke-token',
  'stream-drop',
];

/** Thrown for an invalid fault description; the admin API answers 400 with its message. */
export class FaultInputError extends Error {
  override name = 'FaultInputError';
}

/** Turns `GET /api/v2/users/*` or `/v1/events*` into a test of method and path (query ignored). */
function compile(route: string): (method: string, url: string) => boolean {
  const m = /^([A-Z]+)\s+(.+)$/.exec(route.trim());
  const method = m?.[1];
  const pattern = m ? (m[2] as string) : route.trim();
  const re = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  return (reqMethod, url) => {
    if (method && method !== reqMethod.toUpperCase()) return false;
    const path = url.split('?')[0] ?? url;
    return re.test(path);
  };
}

/** In-memory fault list shared by the admin API, the programmatic API and the request hooks. */
export class FaultStore implements FaultRegistry {
  private readonly items: {
    fault: Fault;
    matches: (m: string, u: string) => boolean;
    draw?: () => number;
  }[] = [];
  private nextId = 1;

  /** `seed` makes probabilistic faults repeatable. */
  constructor(private readonly seed = 1) {}

  add(input: FaultInput): Fault {
    if (!input || typeof input !== 'object') throw new FaultInputError('fault must be an object');
    if (!KINDS.includes(input.kind)) {
      throw new FaultInputError(
        `fault.kind must be one of ${KINDS.join(', ')} (got ${JSON.stringify(input.kind)})`,
      );
    }
    const route = input.route ?? '*';
    if (typeof route !== 'string' || route.length === 0)
      throw new FaultInputError('fault.route must be a non-empty string');
    const count = input.count ?? Number.POSITIVE_INFINITY;
    if (typeof count !== 'number' || !(count > 0))
      throw new FaultInputError('fault.count must be a positive number');
    if (
      input.kind === 'status' &&
      (typeof input.status !== 'number' || input.status < 100 || input.status > 599)
    ) {
      throw new FaultInputError('fault.status must be an HTTP status 100-599 for kind "status"');
    }
    if (input.kind === 'latency' && (typeof input.latencyMs !== 'number' || input.latencyMs < 0)) {
      throw new FaultInputError('fault.latencyMs must be a non-negative number for kind "latency"');
    }
    const probability = input.probability ?? 1;
    if (typeof probability !== 'number' || !(probability > 0 && probability <= 1))
      throw new FaultInputError('fault.probability must be a number in (0, 1]');
    const n = this.nextId++;
    const fault: Fault = {
      id: `fault-${n}`,
      kind: input.kind,
      route,
      remaining: count,
      ...(input.status !== undefined ? { status: input.status } : {}),
      ...(input.latencyMs !== undefined ? { latencyMs: input.latencyMs } : {}),
      ...(input.headers !== undefined ? { headers: input.headers } : {}),
      ...(input.body !== undefined ? { body: input.body } : {}),
      ...(input.afterEvents !== undefined ? { afterEvents: input.afterEvents } : {}),
      ...(probability < 1 ? { probability } : {}),
    };
    const random = probability < 1 ? seededRandom((this.seed * 1_000_003 + n) >>> 0) : undefined;
    this.items.push({
      fault,
      matches: compile(route),
      ...(random ? { draw: () => (random() < probability ? 1 : 0) } : {}),
    });
    return fault;
  }

  take(kind: FaultKind, method: string, url: string): Fault | undefined {
    const i = this.items.findIndex(
      (it) => it.fault.kind === kind && it.matches(method, url) && (!it.draw || it.draw() === 1),
    );
    if (i < 0) return undefined;
    const item = this.items[i] as (typeof this.items)[number];
    item.fault.remaining -= 1;
    if (item.fault.remaining <= 0) this.items.splice(i, 1);
    return item.fault;
  }

  list(): Fault[] {
    return this.items.map((it) => ({ ...it.fault }));
  }

  remove(id: string): boolean {
    const i = this.items.findIndex((it) => it.fault.id === id);
    if (i < 0) return false;
    this.items.splice(i, 1);
    return true;
  }

  /** Removes every fault; numbering (and so the draws of probabilistic faults) starts again. */
  clear(): void {
    this.items.length = 0;
    this.nextId = 1;
  }
}
