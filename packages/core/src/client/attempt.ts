// One attempt on the wire: the caller's signal and the per-attempt timeout joined on one AbortController,
// transport errors mapped to typed errors, afterResponse hooks applied.
import { AbortError, NetworkError, SkyportError, TimeoutError } from '../errors/index.js';
import { redactUrl } from '../logging/redact.js';
import type { Transport, TransportRequest, TransportResponse } from '../transport/types.js';
import { drain } from './response.js';
import type { AfterResponseHook, PreparedRequest, RequestOptions } from './types.js';

/**
 * The state of one attempt. A plain class rather than closures: the common request (no timeout, no signal)
 * allocates one object and no AbortController, timer or listener.
 */
export class Attempt {
  res!: TransportResponse;
  readonly started = performance.now();
  private timedOut = false;
  private finished = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private onAbort: (() => void) | undefined;

  constructor(
    readonly prepared: PreparedRequest,
    private readonly req: RequestOptions,
    private readonly timeout: number | undefined,
  ) {}

  /**
   * The signal the transport gets: the caller's own when there is no timeout (nothing to join), a joined one
   * when there is, none when there is neither.
   */
  signal(): AbortSignal | undefined {
    const { timeout, req } = this;
    if (timeout === undefined) return req.signal;
    const controller = new AbortController();
    if (req.signal) {
      const onAbort = () => controller.abort(req.signal?.reason);
      this.onAbort = onAbort;
      req.signal.addEventListener('abort', onAbort, { once: true });
    }
    this.timer = setTimeout(() => {
      this.timedOut = true;
      controller.abort(new TimeoutError(`request timed out after ${timeout} ms`, timeout));
    }, timeout);
    return controller.signal;
  }

  /** Stops the timeout timer and detaches from the caller's signal. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.clearTimer();
    if (this.onAbort) this.req.signal?.removeEventListener('abort', this.onAbort);
  }

  /** Stops only the timeout timer (streams: the timeout covers the wait for headers). */
  clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
  }

  /** Maps an error thrown while sending or reading the body (timeout/abort aware). */
  mapError(err: unknown): unknown {
    // Only failures need the redacted URL: parsing it on every request would cost CPU for nothing.
    const summary = { method: this.prepared.method, url: redactUrl(this.prepared.url) };
    const { req, timeout } = this;
    if (this.timedOut) {
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
  }
}

export async function sendAttempt(
  transport: Transport,
  afterResponse: AfterResponseHook[] | undefined,
  prepared: PreparedRequest,
  req: RequestOptions,
  timeout: number | undefined,
): Promise<Attempt> {
  const a = new Attempt(prepared, req, timeout);
  const request: TransportRequest = { method: prepared.method, url: prepared.url, headers: prepared.headers };
  if (prepared.body !== undefined) request.body = prepared.body;
  const signal = a.signal();
  if (signal) request.signal = signal;
  if (timeout !== undefined) request.timeout = timeout;
  if (req.onUploadProgress) request.onUploadProgress = req.onUploadProgress;
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
