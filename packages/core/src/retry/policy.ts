// Retry policy: which failures are retried, and how long to wait before the next attempt.
import { NetworkError } from '../errors/index.js';

export interface RetryOptions {
  /** Retries after the first attempt. Default 3. */
  maxRetries?: number;
  /** Upper bound on the sum of all waits, in ms. A wait that would exceed it is not taken. Default 60000. */
  maxTotalWaitMs?: number;
  /** First backoff step in ms (full jitter: a random wait in [0, step]). Default 500. */
  initialDelayMs?: number;
  /** Largest backoff step in ms. Default 20000. */
  maxDelayMs?: number;
  /** Largest server-requested wait (Retry-After / inin-ratelimit-reset) honoured, ms. Default 60000. */
  maxRetryAfterMs?: number;
  /** Statuses retried. Default [429, 502, 503, 504]. */
  statusCodes?: number[];
  /** Methods treated as idempotent. Default GET HEAD OPTIONS PUT DELETE TRACE. */
  idempotentMethods?: string[];
  /** Final say: return false to stop, true to retry, undefined to use the default decision. */
  shouldRetry?: (ctx: RetryContext) => boolean | undefined | Promise<boolean | undefined>;
}

export interface RetryContext {
  attempt: number;
  method: string;
  url: string;
  status?: number;
  headers?: Record<string, string>;
  error?: unknown;
}

export interface ResolvedRetry {
  maxRetries: number;
  maxTotalWaitMs: number;
  initialDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
  statusCodes: number[];
  idempotentMethods: string[];
  shouldRetry?: RetryOptions['shouldRetry'];
}

export const DEFAULT_RETRY: ResolvedRetry = {
  maxRetries: 3,
  maxTotalWaitMs: 60_000,
  initialDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 60_000,
  statusCodes: [429, 502, 503, 504],
  idempotentMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE'],
};

export function resolveRetry(...layers: Array<RetryOptions | false | undefined>): ResolvedRetry | false {
  let out: ResolvedRetry | false = { ...DEFAULT_RETRY };
  for (const layer of layers) {
    if (layer === undefined) continue;
    if (layer === false) {
      out = false;
      continue;
    }
    const defined = Object.fromEntries(Object.entries(layer).filter(([, v]) => v !== undefined));
    out = { ...(out || DEFAULT_RETRY), ...defined } as ResolvedRetry;
  }
  return out;
}

const SECONDS = /^\d+(\.\d+)?$/;

/** Server-requested wait in ms from Retry-After (seconds or HTTP date) or Genesys's inin-ratelimit-reset. */
export function serverRequestedDelay(
  headers: Record<string, string> | undefined,
  now = Date.now(),
): number | undefined {
  if (!headers) return undefined;
  const ra = headers['retry-after']?.trim();
  if (ra) {
    if (SECONDS.test(ra)) return Math.round(Number(ra) * 1000);
    const date = Date.parse(ra);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const reset = headers['inin-ratelimit-reset']?.trim();
  if (reset && SECONDS.test(reset)) return Math.round(Number(reset) * 1000);
  return undefined;
}

export function backoffDelay(policy: ResolvedRetry, attempt: number, random = Math.random): number {
  const step = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attempt - 1));
  return Math.round(random() * step);
}

/** Default decision: may this failure be retried at all (ignoring the limits)? */
export function isRetryable(
  policy: ResolvedRetry,
  ctx: RetryContext,
  idempotent: boolean,
  bodyReplayable: boolean,
): boolean {
  if (!bodyReplayable) return false;
  if (ctx.status !== undefined) {
    if (!policy.statusCodes.includes(ctx.status)) return false;
    // 429: the server refused the request without processing it.
    return idempotent || ctx.status === 429;
  }
  if (ctx.error instanceof NetworkError) return idempotent || !ctx.error.requestWritten;
  return false;
}

export function isIdempotentMethod(policy: ResolvedRetry | false, method: string): boolean {
  const methods = policy ? policy.idempotentMethods : DEFAULT_RETRY.idempotentMethods;
  return methods.includes(method.toUpperCase());
}
