// One attempt on the wire: the caller's signal and the per-attempt timeout joined on one AbortController,
// transport errors mapped to typed errors, afterResponse hooks applied.
import { AbortError, messageOf, NetworkError, SkyportError, TimeoutError } from '../errors/index.js';
import { redactUrl } from '../logging/redact.js';
import type { Transport, TransportRequest, TransportResponse } from '../transport/types.js';
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
  const { method, url } = prepared;
  const request: TransportRequest = { method, url, headers: prepared.headers };
  if (prepared.body !== undefined) request.body = prepared.body;
  if (req.onUploadProgress) request.onUploadProgress = req.onUploadProgress;
  // Without a timeout the transport gets the caller's signal as is (or none): no AbortController, timer or
  // listener per request. A timeout joins both on one controller.
  let signal = req.signal;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timedOut = false;
  let onAbort: (() => void) | undefined;
  if (timeout !== undefined) {
    const controller = new AbortController();
    signal = controller.signal;
    request.timeout = timeout;
    if (req.signal) {
      onAbort = () => controller.abort(req.signal?.reason);
      req.signal.addEventListener('abort', onAbort, { once: true });
    }
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new TimeoutError(`request timed out after ${timeout} ms`, timeout));
    }, timeout);
  }
  if (signal) request.signal = signal;
  let finished = false;
  const clearTimer = () => clearTimeout(timer);
  const a: Attempt = {
    res: undefined as unknown as TransportResponse,
    prepared,
    started: performance.now(),
    finish() {
      if (finished) return;
      finished = true;
      clearTimer();
      if (onAbort) req.signal?.removeEventListener('abort', onAbort);
    },
    clearTimer,
    mapError(err) {
      // Only failures need the redacted URL: parsing it on every request would cost CPU for nothing.
      const request = { method, url: redactUrl(url) };
      const what = `${method} ${request.url}`;
      if (timedOut) {
        return new TimeoutError(`${what} timed out after ${timeout} ms`, timeout ?? 0, {
          cause: err,
          request,
        });
      }
      if (req.signal?.aborted) {
        return err instanceof AbortError
          ? err
          : new AbortError(`${what} aborted`, { cause: req.signal.reason ?? err });
      }
      if (err instanceof SkyportError) return err;
      // e.g. the connection dropped while the body was being read
      const code = (err as { code?: unknown } | null)?.code;
      return new NetworkError(`${what}: ${messageOf(err)}`, {
        cause: err,
        request,
        ...(typeof code === 'string' ? { code } : {}),
      });
    },
  };
  try {
    a.res = await transport(request);
  } catch (err) {
    a.finish();
    throw a.mapError(err);
  }
  if (afterResponse && afterResponse.length > 0) {
    try {
      for (const hook of afterResponse) {
        const replaced = await hook(a.res, prepared);
        if (replaced) a.res = replaced;
      }
    } catch (err) {
      await drain(a.res);
      a.finish();
      throw err;
    }
  }
  return a;
}
