// HttpClientBase: HttpClientCore (./http-client-core.ts, the request pipeline) with live reconfiguration
// (configure), raw responses with unread bodies (requestRaw: SSE, downloads) and the active logger.
import type { Logger } from '../logging/types.js';
import { resolveRetry } from '../retry/policy.js';
import { TRANSPORT_BODY, type TransportBodyHandle } from '../streaming/transport-body.js';
import type { TransportResponse } from '../transport/types.js';
import {
  apiError,
  buildLogger,
  buildTransport,
  type ClientState,
  execute,
  HttpClientCore,
  logAttempt,
  states,
  validateOptions,
} from './http-client-core.js';
import type { HttpClientOptions, RequestOptions } from './types.js';

export { type ClientPlatform, HttpClientCore } from './http-client-core.js';

export class HttpClientBase extends HttpClientCore {
  /** The active logger (undefined when logging is off). */
  get logger(): Logger | undefined {
    return (states.get(this) as ClientState).log;
  }

  /**
   * Live changes: base URLs, headers, proxy/TLS (rebuilds the connection pool), retry, auth, logging…
   * Validated first: on error nothing changes.
   */
  configure(patch: Partial<HttpClientOptions>): void {
    const s = states.get(this) as ClientState;
    const next = { ...s.opts, ...patch };
    validateOptions(next);
    const log = 'logger' in patch ? buildLogger(next, s.platform) : s.log;
    const rebuild = 'transport' in patch || 'proxy' in patch || 'tls' in patch;
    const t = rebuild ? buildTransport(next, s.platform) : undefined;
    s.opts = next;
    s.retry = resolveRetry(next.retry);
    if (log !== s.log) {
      s.log?.close?.();
      s.log = log;
    }
    if (t) {
      const old = s.own;
      s.transport = t.transport;
      s.own = t.own;
      // Requests in flight on the old pool finish; then it closes.
      if (old && old !== t.own) void old.close?.().catch(() => {});
    }
  }

  /** The raw response with an unread body (SSE, downloads). Failing statuses still reject with ApiError. */
  async requestRaw(req: RequestOptions): Promise<TransportResponse> {
    const s = states.get(this) as ClientState;
    const a = await execute(s, req);
    if (a.res.status >= 400) {
      try {
        throw await apiError(s, a);
      } finally {
        a.finish();
      }
    }
    logAttempt(s, a, undefined);
    // Headers arrived: the timeout no longer applies, but the caller's signal still aborts the body.
    a.clearTimer();
    const body = a.res.body;
    const wrapped: (AsyncIterable<Uint8Array> & TransportBodyHandle) | null = body
      ? {
          async *[Symbol.asyncIterator]() {
            try {
              for await (const chunk of body) yield chunk;
            } catch (err) {
              throw a.mapError(err);
            } finally {
              a.finish();
            }
          },
          // For a reader that takes the transport's body as it is (streaming/body-text.node.ts reads undici's
          // stream by its events, much cheaper than its async iterator); it must end with finish(mapError(err)).
          [TRANSPORT_BODY]: a,
        }
      : null;
    return { ...a.res, body: wrapped };
  }
}
