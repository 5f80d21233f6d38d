// Error hierarchy. Every error thrown by Skyport is a SkyportError; `instanceof` also works across
// duplicate installs of this package because each instance carries a brand listing its class kinds.
// Instance fields are `declare`d and set in the constructors: no class-field definitions in the output, which
// every browser bundle would carry.

const BRAND = Symbol.for('skyport.error.kinds');

type Kinded = { kind?: string };

function kindsOf(ctor: unknown): string[] {
  const kinds: string[] = [];
  let c: unknown = ctor;
  while (typeof c === 'function') {
    const k = (c as Kinded).kind;
    if (Object.hasOwn(c, 'kind') && typeof k === 'string') kinds.push(k);
    c = Object.getPrototypeOf(c);
  }
  return kinds;
}

/** The message of an Error, or any other thrown value as a string (for messages that report a cause). */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export interface SkyportErrorOptions {
  cause?: unknown;
}

export class SkyportError extends Error {
  static readonly kind: string = 'SkyportError';

  // `this` is the class being tested (a subclass when called on one); that is the point here.
  // biome-ignore-start lint/complexity/noThisInStatic: see above
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    if (!Object.hasOwn(this, 'kind') || value === null || typeof value !== 'object') return false;
    const kinds = (value as Record<symbol, unknown>)[BRAND];
    return Array.isArray(kinds) && kinds.includes((this as Kinded).kind);
  } // biome-ignore-end lint/complexity/noThisInStatic: see above

  constructor(message: string, options?: SkyportErrorOptions) {
    // Error reads only `cause` from the options (and installs it when the key is present).
    super(message, options);
    // The declared kind, not the constructor's name: minifiers rename classes in production bundles.
    this.name = Object.hasOwn(new.target, 'kind') ? (new.target as Kinded).kind! : new.target.name;
    Object.defineProperty(this, BRAND, { value: kindsOf(new.target), enumerable: false });
  }
}

/** The request as it appears in errors and logs: secrets in the URL are redacted. */
export interface RequestSummary {
  method: string;
  url: string;
}

export interface ApiErrorInit {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: unknown;
  text: string;
  request: RequestSummary;
  message?: string;
}

/** A response with a failing status (>= 400). Carries the same fields as an extended response. */
export class ApiError extends SkyportError {
  static override readonly kind: string = 'ApiError';
  declare readonly status: number;
  declare readonly statusText: string;
  declare readonly headers: Record<string, string>;
  declare readonly body: unknown;
  declare readonly text: string;
  declare readonly correlationId: string | undefined;
  declare readonly request: RequestSummary;

  constructor(init: ApiErrorInit, options?: SkyportErrorOptions) {
    super(init.message ?? describeApiFailure(init), options);
    this.status = init.status;
    this.statusText = init.statusText;
    this.headers = init.headers;
    this.body = init.body;
    this.text = init.text;
    this.correlationId = init.headers['inin-correlation-id'];
    this.request = init.request;
  }

  /** Seed-compatible alias: `response.error.message` works on a rejected call. */
  get error(): this {
    return this;
  }

  toJSON(): Record<string, unknown> {
    // name, message, then the fields set by the constructor (status … request), in that order.
    return { name: this.name, message: this.message, ...(this as object) };
  }
}

function describeApiFailure(init: ApiErrorInit): string {
  const b = init.body as { message?: unknown; error_description?: unknown; error?: unknown } | undefined;
  let detail = '';
  if (b && typeof b === 'object') {
    const m = b.message ?? b.error_description ?? b.error;
    if (typeof m === 'string') detail = m;
  }
  if (!detail && init.text) detail = init.text.length > 200 ? `${init.text.slice(0, 200)}…` : init.text;
  const status = `${init.status}${init.statusText ? ` ${init.statusText}` : ''}`;
  return `${init.request.method} ${init.request.url} failed with status ${status}${detail ? `: ${detail}` : ''}`;
}

export interface NetworkErrorOptions extends SkyportErrorOptions {
  code?: string;
  /** false when the failure happened before any of the request reached the server. */
  requestWritten?: boolean;
  request?: RequestSummary;
}

/** The connection failed (refused, reset, DNS, TLS…). The original error is `cause`. */
export class NetworkError extends SkyportError {
  static override readonly kind: string = 'NetworkError';
  declare readonly code: string | undefined;
  declare readonly requestWritten: boolean;
  declare readonly request: RequestSummary | undefined;
  constructor(message: string, options: NetworkErrorOptions = {}) {
    super(message, options);
    this.code = options.code;
    this.requestWritten = options.requestWritten ?? true;
    this.request = options.request;
  }
}

/** The per-request timeout elapsed. */
export class TimeoutError extends SkyportError {
  static override readonly kind: string = 'TimeoutError';
  declare readonly timeout: number;
  declare readonly request: RequestSummary | undefined;
  constructor(
    message: string,
    timeout: number,
    options: SkyportErrorOptions & { request?: RequestSummary } = {},
  ) {
    super(message, options);
    this.timeout = timeout;
    this.request = options.request;
  }
}

/** The caller's AbortSignal fired. The signal's reason is `cause`. */
export class AbortError extends SkyportError {
  static override readonly kind: string = 'AbortError';
}

/** A body could not be parsed as the expected type. The raw text is kept. */
export class ParseError extends SkyportError {
  static override readonly kind: string = 'ParseError';
  declare readonly text: string;
  declare readonly status: number | undefined;
  constructor(message: string, text: string, options: SkyportErrorOptions & { status?: number } = {}) {
    super(message, options);
    this.text = text;
    this.status = options.status;
  }
}

/** A token grant failed (the ApiError is `cause`), or waiting for a refresh timed out. */
export class AuthError extends SkyportError {
  static override readonly kind: string = 'AuthError';
  /** OAuth `error` code when the server sent one (e.g. invalid_grant). */
  declare readonly code: string | undefined;
  constructor(message: string, options: SkyportErrorOptions & { code?: string } = {}) {
    super(message, options);
    this.code = options.code;
  }
}

/** Invalid configuration: a malformed file (with file and line) or a bad option value. */
export class ConfigError extends SkyportError {
  static override readonly kind: string = 'ConfigError';
  declare readonly file: string | undefined;
  declare readonly line: number | undefined;
  constructor(message: string, options: SkyportErrorOptions & { file?: string; line?: number } = {}) {
    const where = options.file ? ` (${options.file}${options.line ? `:${options.line}` : ''})` : '';
    super(`${message}${where}`, options);
    this.file = options.file;
    this.line = options.line;
  }
}

/** A request could not be built from the arguments given (missing path parameter, bad body…). */
export class ValidationError extends SkyportError {
  static override readonly kind: string = 'ValidationError';
}
