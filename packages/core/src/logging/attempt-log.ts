// The logging stage of the request pipeline: one entry per attempt (request, response or failure, duration).
// HttpClientBase always has it; a client built on HttpClientCore has it when its platform brings `logAttempt`.
import type { Attempt } from '../client/attempt.js';
import type { PreparedRequest } from '../client/types.js';
import type { HttpLogEntry, Logger } from './types.js';

/** Logs one attempt: with its response (`a`), or a failure before any response (`a` undefined, `prepared`). */
export function logAttempt(
  log: Logger,
  a: Attempt | undefined,
  responseBody: unknown,
  error: unknown,
  prepared: PreparedRequest,
): void {
  const entry: HttpLogEntry = {
    method: prepared.method,
    url: prepared.url,
    requestHeaders: prepared.headers,
    requestBody: prepared.options.body,
    attempt: prepared.attempt,
  };
  const res = a?.res;
  if (res) {
    entry.status = res.status;
    entry.durationMs = performance.now() - a.started;
    entry.responseHeaders = res.headers;
    entry.responseBody = responseBody;
    const correlationId = res.headers['inin-correlation-id'];
    if (correlationId) entry.correlationId = correlationId;
  }
  if (error !== undefined) entry.error = error;
  log.logHttp(entry, !res || res.status >= 400 || error !== undefined);
}
