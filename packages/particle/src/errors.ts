import { ApiError, NetworkError, TimeoutError } from '@skyport/core';

/** Extra fields particle-api-js puts on its rejections; present on both error classes below. */
export interface ParticleErrorFields {
  /** HTTP status, or undefined for network failures. */
  statusCode: number | undefined;
  /** `HTTP error 404 from <url> - <error_description>` */
  errorDescription: string;
  /** The server's `error_description`, when it sent one. */
  shortErrorDescription: string | undefined;
  /** The parsed error body (or the underlying error for network failures). */
  body: unknown;
  /** Same value as `body`, as particle-api-js sets it. */
  error: unknown;
}

function describe(status: number | undefined, url: string, body: unknown): [string, string | undefined] {
  let text = `${status ? `HTTP error ${status}` : 'Network error'} from ${url}`;
  const desc =
    body && typeof body === 'object' && 'error_description' in body
      ? String((body as { error_description: unknown }).error_description)
      : undefined;
  if (desc) text = `${text} - ${desc}`;
  return [text, desc];
}

/** A non-2xx answer from the Particle API: an @skyport/core ApiError with particle-api-js's fields. */
export class ParticleApiError extends ApiError implements ParticleErrorFields {
  static override readonly kind: string = 'ParticleApiError';
  readonly statusCode: number;
  readonly errorDescription: string;
  readonly shortErrorDescription: string | undefined;
  override readonly body: unknown;

  constructor(init: {
    status: number;
    statusText: string;
    headers: Record<string, string>;
    text: string;
    body: unknown;
    method: string;
    url: string;
  }) {
    const [message, short] = describe(init.status, init.url, init.body);
    super({
      status: init.status,
      statusText: init.statusText,
      headers: init.headers,
      body: init.body,
      text: init.text,
      request: { method: init.method.toUpperCase(), url: init.url },
      message,
    });
    this.statusCode = init.status;
    this.errorDescription = message;
    this.shortErrorDescription = short;
    this.body = init.body;
    // particle-api-js's `error` is the parsed body (core's ApiError.error is the error itself).
    Object.defineProperty(this, 'error', { value: init.body, enumerable: true, configurable: true });
  }
}

/** The request never got an HTTP answer. */
export class ParticleNetworkError extends NetworkError implements ParticleErrorFields {
  static override readonly kind: string = 'ParticleNetworkError';
  readonly statusCode = undefined;
  readonly errorDescription: string;
  readonly shortErrorDescription = undefined;
  readonly error: unknown;
  readonly body: unknown;
  /** `from`: core's NetworkError, whose `code` and `requestWritten` are kept. */
  constructor(method: string, url: string, cause: unknown, from?: NetworkError) {
    const [message] = describe(undefined, url, undefined);
    super(`${message}: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
      request: { method: method.toUpperCase(), url },
      ...(from?.code ? { code: from.code } : {}),
      ...(from ? { requestWritten: from.requestWritten } : {}),
    });
    this.errorDescription = message;
    this.error = cause;
    this.body = cause;
  }
}

/** No answer within the `timeout` option. */
export class ParticleTimeoutError extends TimeoutError implements ParticleErrorFields {
  static override readonly kind: string = 'ParticleTimeoutError';
  readonly statusCode = undefined;
  readonly errorDescription: string;
  readonly shortErrorDescription = undefined;
  readonly error: unknown;
  readonly body: unknown;
  constructor(method: string, url: string, timeoutMs: number, cause: unknown) {
    const [message] = describe(undefined, url, undefined);
    super(`${message}: no answer within ${timeoutMs} ms`, timeoutMs, {
      cause,
      request: { method: method.toUpperCase(), url },
    });
    this.errorDescription = message;
    this.error = cause;
    this.body = cause;
  }
}
