// Logger core shared by Node and browsers. A sink receives finished, already-redacted lines.
import { ConfigError } from '../errors/index.js';
import { collectSecrets, redactBody, redactHeaders, redactText, redactUrl, scrubKnown } from './redact.js';
import type { HttpLogEntry, Logger, LoggerOptions, LogLevel } from './types.js';

const LEVELS: Record<LogLevel, number> = { none: 0, error: 1, debug: 2, trace: 3 };

export type LogSink = (line: string, failed: boolean) => void;

export function validateLoggerOptions(o: LoggerOptions): void {
  if (o.level !== undefined && !(o.level in LEVELS)) {
    throw new ConfigError(
      `logger level must be one of trace, debug, error, none (got ${JSON.stringify(o.level)})`,
    );
  }
  if (o.format !== undefined && o.format !== 'text' && o.format !== 'json') {
    throw new ConfigError(`logger format must be text or json (got ${JSON.stringify(o.format)})`);
  }
  if (o.maxBodyLines !== undefined && !(Number.isInteger(o.maxBodyLines) && o.maxBodyLines > 0)) {
    throw new ConfigError(`logger maxBodyLines must be a positive integer (got ${o.maxBodyLines})`);
  }
}

function truncateLines(text: string, maxLines: number | undefined): string {
  if (!maxLines) return text;
  const lines = text.split('\n');
  if (lines.length <= maxLines) return text;
  return `${lines.slice(0, maxLines).join('\n')}\n… (${lines.length - maxLines} more lines)`;
}

function bodyForLog(body: unknown, maxLines: number | undefined, side: 'request' | 'response'): unknown {
  const redacted = redactBody(body, side);
  if (redacted === undefined) return undefined;
  if (typeof redacted === 'string') return truncateLines(redacted, maxLines);
  if (!maxLines) return redacted;
  return truncateLines(JSON.stringify(redacted, null, 2), maxLines);
}

function errorSummary(err: unknown): string | undefined {
  if (err === undefined) return undefined;
  if (err instanceof Error) return redactText(`${err.name}: ${err.message}`);
  return redactText(String(err));
}

/** Builds the record written for one entry, choosing fields by level as seed 002 describes. */
export function buildRecord(
  o: LoggerOptions,
  entry: HttpLogEntry,
  failed: boolean,
): Record<string, unknown> | null {
  const level = LEVELS[o.level ?? 'none'];
  if (level === 0) return null;
  if (!failed && level < LEVELS.debug) return null;
  const tag: LogLevel = failed ? 'error' : level >= LEVELS.trace ? 'trace' : 'debug';
  const rec: Record<string, unknown> = {
    time: new Date().toISOString(),
    level: tag,
    method: entry.method,
    url: redactUrl(entry.url),
  };
  if (entry.status !== undefined) rec.status = entry.status;
  if (entry.durationMs !== undefined) rec.durationMs = Math.round(entry.durationMs * 10) / 10;
  if (entry.attempt !== undefined && entry.attempt > 1) rec.attempt = entry.attempt;
  if (entry.correlationId) rec.correlationId = entry.correlationId;
  const err = errorSummary(entry.error);
  if (err) rec.error = err;
  rec.requestHeaders = redactHeaders(entry.requestHeaders);
  if (tag !== 'debug') rec.responseHeaders = redactHeaders(entry.responseHeaders);
  if (o.logRequestBody && entry.requestBody !== undefined) {
    rec.requestBody = bodyForLog(entry.requestBody, o.maxBodyLines, 'request');
  }
  if (o.logResponseBody && tag !== 'debug' && entry.responseBody !== undefined) {
    rec.responseBody = bodyForLog(entry.responseBody, o.maxBodyLines, 'response');
  }
  return rec;
}

export function formatRecord(rec: Record<string, unknown>, format: 'text' | 'json' | undefined): string {
  if (format === 'json') return JSON.stringify(rec);
  const head = `${rec.time} ${String(rec.level).toUpperCase()} ${rec.method} ${rec.url}${
    rec.status !== undefined ? ` ${rec.status}` : ''
  }${rec.durationMs !== undefined ? ` ${rec.durationMs}ms` : ''}`;
  const lines = [head];
  for (const [k, v] of Object.entries(rec)) {
    if (['time', 'level', 'method', 'url', 'status', 'durationMs'].includes(k) || v === undefined) continue;
    lines.push(`  ${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  }
  return lines.join('\n');
}

/** A logger writing to the given sinks. Options can be changed later with `configure`. */
export class SinkLogger implements Logger {
  #opts: LoggerOptions;
  #sinks: LogSink[];

  constructor(opts: LoggerOptions, sinks: LogSink[]) {
    validateLoggerOptions(opts);
    this.#opts = opts;
    this.#sinks = sinks;
  }

  get options(): Readonly<LoggerOptions> {
    return this.#opts;
  }

  /** Secret values seen in traffic; scrubbed from every line even where no key names them. */
  readonly #secrets = new Set<string>();

  /** Registers values that must never appear in output (tokens, passwords). */
  addSecrets(values: Iterable<string>): void {
    for (const v of values) {
      if (!v || v.length < 6 || this.#secrets.has(v)) continue;
      this.#secrets.add(v);
      // Keep the set bounded: oldest first out.
      if (this.#secrets.size > 256) this.#secrets.delete(this.#secrets.values().next().value as string);
    }
  }

  logHttp(entry: HttpLogEntry, failed: boolean): void {
    // Learn secrets even when this entry is not written: a later line may repeat them.
    this.addSecrets(collectSecrets(entry));
    const rec = buildRecord(this.#opts, entry, failed);
    if (!rec) return;
    this.#write(formatRecord(rec, this.#opts.format), failed);
  }

  debug(message: string, data?: Record<string, unknown>): void {
    if (LEVELS[this.#opts.level ?? 'none'] < LEVELS.debug) return;
    const rec = {
      time: new Date().toISOString(),
      level: 'debug',
      message: redactText(message),
      ...(data ? { data: redactBody(data) } : {}),
    };
    this.#write(
      this.#opts.format === 'json'
        ? JSON.stringify(rec)
        : `${rec.time} DEBUG ${rec.message}${data ? ` ${JSON.stringify(rec.data)}` : ''}`,
      false,
    );
  }

  #write(raw: string, failed: boolean): void {
    const line = scrubKnown(raw, this.#secrets);
    for (const sink of this.#sinks) {
      try {
        sink(line, failed);
      } catch {
        // A broken sink must not break requests.
      }
    }
  }
}

export function consoleSink(line: string, failed: boolean): void {
  if (failed) console.error(line);
  else console.log(line);
}

export function isLogger(v: unknown): v is Logger {
  return typeof v === 'object' && v !== null && typeof (v as Logger).logHttp === 'function';
}

/** Browser/agnostic logger: console or function sinks. */
export function createBaseLogger(o: LoggerOptions = {}): SinkLogger {
  if (o.filePath) throw new ConfigError('logging to a file needs the Node build of @skyport/core');
  const sinks: LogSink[] = [];
  if (o.fn) {
    const fn = o.fn;
    sinks.push((line) => fn(line));
  }
  if (o.toConsole ?? !o.fn) sinks.push(consoleSink);
  return new SinkLogger(o, sinks);
}
