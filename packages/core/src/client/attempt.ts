// One attempt on the wire: the caller's signal and the per-attempt timeout joined on one AbortController,
// transport errors mapped to typed errors, afterResponse hooks applied.
import { AbortError, NetworkError, SkyportError, TimeoutError } from '../errors/index.js';
import { redactUrl } from '../logging/redact.js';
import type { Transport, TransportResponse } from '../transport/types.js';
import { drain } from './response.js';
import type { AfterResponseHook, PreparedRequest, RequestOptions } from './types.js';

export interface Attempt {
  res: TransportResponse;
  prepared: PreparedRequest;
  started: number;
  /** Stops the timeout timer and detaches from the caller's signal. */
  finish(): void;
  /** Stops only the timeout timer (streams: the timeout covers the wait for headers). */
  clearTimer(): void;
  /** Maps an error thrown while reading the body (timeout/abort aware). */
  mapError(err: unknown): unknown;
}

export async function sendAttempt(
  transport: Transport,
  afterResponse: AfterResponseHook[] | undefined,
  prepared: PreparedRequest,
  req: RequestOptions,
  timeout: number | undefined,
): Promise<Attempt> {
  const controller = new AbortController();
  let timedOut = false;
  // Only failures need the redacted URL: parsing it on every request would cost CPU for nothing.
  let summaryCache: { method: string; url: string } | undefined;
  const summaryOf = () => {
    summaryCache ??= { method: prepared.method, url: redactUrl(prepared.url) };
    return summaryCache;
  };
  const onAbort = () => controller.abort(req.signal?.reason);
  req.signal?.addEventListener('abort', onAbort, { once: true });
  const timer =
    timeout !== undefined
      ? setTimeout(() => {
          timedOut = true;
          controller.abort(new TimeoutError(`request timed out after ${timeout} ms`, timeout));
        }, timeout)
      : undefined;
  let finished = false;
  const clearTimer = () => {
    if (timer) clearTimeout(timer);
  };
  const finish = () => {
    if (finished) return;
    finished = true;
    clearTimer();
    req.signal?.removeEventListener('abort', onAbort);
  };
  const mapError = (err: unknown): unknown => {
    const summary = summaryOf();
    if (timedOut) {
      return new TimeoutError(
        `${summary.method} ${summary.url} timed out after ${timeout} ms`,
        timeout ?? 0,
        {
          cause: err,
          request: summary,
        },
      );
    }
    if (req.signal?.aborted) {
      return err instanceof AbortError
        ? err
        : new AbortError(`${summary.method} ${summary.url} aborted`, { cause: req.signal.reason ?? err });
    }
    if (err instanceof SkyportError) return err;
    // e.g. the connection dropped while the body was being read
    const code = (err as { code?: unknown } | null)?.code;
    return new NetworkError(
      `${summary.method} ${summary.url}: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err, request: summary, ...(typeof code === 'string' ? { code } : {}) },
    );
  };
  const started = performance.now();
  let res: TransportResponse;
  try {
    res = await transport({
      method: prepared.method,
      url: prepared.url,
      headers: prepared.headers,
      ...(prepared.body !== undefined ? { body: prepared.body } : {}),
      signal: controller.signal,
      ...(timeout !== undefined ? { timeout } : {}),
      ...(req.onUploadProgress ? { onUploadProgress: req.onUploadProgress } : {}),
    });
  } catch (err) {
    finish();
    throw mapError(err);
  }
  try {
    for (const hook of afterResponse ?? []) {
      const replaced = await hook(res, prepared);
      if (replaced) res = replaced;
    }
  } catch (err) {
    await drain(res);
    finish();
    throw err;
  }
  return { res, prepared, started, finish, clearTimer, mapError };
}
