/**
 * What every part of the sandbox (Genesys login and API, Particle API, admin API) shares.
 * The server (src/server.ts) creates one context per sandbox instance and hands it to each platform plugin.
 */

export type FaultKind =
  | 'latency'
  | 'status'
  | 'reset-before-body'
  | 'reset-after-body'
  | 'truncate'
  | 'revoke-token'
  | 'stream-drop';

export interface Fault {
  readonly id: string;
  readonly kind: FaultKind;
  /** Route pattern the fault applies to, e.g. `GET /api/v2/users/*` or `/v1/events*`. */
  readonly route: string;
  /** How many more matching requests it applies to (Infinity for unlimited). */
  remaining: number;
  readonly status?: number;
  readonly latencyMs?: number;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
  /** For stream-drop: close the stream after this many events. */
  readonly afterEvents?: number;
  /** Chance that a matching request is hit (seeded, repeatable); absent means always. */
  readonly probability?: number;
}

export interface FaultRegistry {
  /** Finds the first active fault of a kind matching the request and consumes one use of it. */
  take(kind: FaultKind, method: string, url: string): Fault | undefined;
}

export interface SandboxContext {
  /** Seed of the deterministic PRNG. */
  readonly seed: number;
  /** Deterministic random number in [0, 1). */
  random(): number;
  /** Current time in ms (overridable for tests). */
  now(): number;
  readonly faults: FaultRegistry;
}
