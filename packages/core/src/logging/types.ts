export type LogLevel = 'trace' | 'debug' | 'error' | 'none';
export type LogFormat = 'text' | 'json';

export interface LoggerOptions {
  /** trace: every call with all headers; debug: every call, request side; error: failures only. Default none. */
  level?: LogLevel;
  /** Default text. */
  format?: LogFormat;
  /** Write lines to the console (console.error for failures, console.log otherwise). Default true when no file/fn. */
  toConsole?: boolean;
  /** Append lines to this file (Node only). Rotation is the caller's job. */
  filePath?: string;
  /** Receive each formatted line (seed 001 `setDebugLog(fn)`). */
  fn?: (line: string) => void;
  /** Log request bodies (off by default: they may contain PII). Secrets are redacted regardless. */
  logRequestBody?: boolean;
  /** Log response bodies (off by default). */
  logResponseBody?: boolean;
  /** Truncate logged bodies to this many lines (seed 001 `setDebugLog(fn, maxLines)`). */
  maxBodyLines?: number;
}

/** One HTTP exchange as seen by the logger. Values are raw; the logger redacts them. */
export interface HttpLogEntry {
  method: string;
  url: string;
  status?: number;
  durationMs?: number;
  requestHeaders?: Record<string, string>;
  responseHeaders?: Record<string, string>;
  requestBody?: unknown;
  responseBody?: unknown;
  correlationId?: string;
  error?: unknown;
  attempt?: number;
}

export interface Logger {
  /** Called once per attempt; `failed` is true for error statuses and transport failures. */
  logHttp(entry: HttpLogEntry, failed: boolean): void;
  /** Free-form diagnostics (retries, refreshes), written at debug level and above. */
  debug?(message: string, data?: Record<string, unknown>): void;
  close?(): void;
}
