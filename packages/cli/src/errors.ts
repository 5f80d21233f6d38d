import {
  ApiError,
  AuthError,
  ConfigError,
  NetworkError,
  SkyportError,
  TimeoutError,
  ValidationError,
} from '@skyport/core';
import { ExitCode } from './exit-codes.js';

/** A mistake on the command line; exits with {@link ExitCode.usage}. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Maps any error to the exit code scripts rely on. */
export function exitCodeFor(err: unknown): ExitCode {
  // Bad input caught by the client libraries before sending is a usage error too.
  if (err instanceof UsageError || err instanceof ValidationError || err instanceof ConfigError)
    return ExitCode.usage;
  const root = err instanceof AuthError && err.cause instanceof Error ? err.cause : err;
  if (root instanceof ApiError) return ExitCode.api;
  if (root instanceof NetworkError || root instanceof TimeoutError) return ExitCode.network;
  if (err instanceof AuthError) return ExitCode.api;
  return ExitCode.failure;
}

function apiMessage(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return typeof body === 'string' && body ? body : undefined;
  const b = body as Record<string, unknown>;
  for (const key of ['message', 'error_description', 'info', 'error']) {
    if (typeof b[key] === 'string' && b[key]) return b[key] as string;
  }
  return undefined;
}

/** The lines printed for a failed command: message, status, correlation id; the stack only with --debug. */
export function formatError(err: unknown, debug: boolean): string {
  const lines: string[] = [];
  if (err instanceof UsageError) {
    lines.push(`error: ${err.message}`);
  } else if (err instanceof Error) {
    const api = err instanceof ApiError ? err : err.cause instanceof ApiError ? err.cause : undefined;
    if (api) {
      const message = apiMessage(api.body) ?? api.message;
      lines.push(`error: ${message}`);
      lines.push(`  status:         ${api.status}${api.statusText ? ` ${api.statusText}` : ''}`);
      if (api.correlationId) lines.push(`  correlation id: ${api.correlationId}`);
      lines.push(`  request:        ${api.request.method} ${api.request.url}`);
      if (err !== api) lines.push(`  while:          ${err.message}`);
    } else if (err instanceof SkyportError || err instanceof NetworkError) {
      lines.push(`error: ${err.message}`);
    } else {
      lines.push(`error: ${err.message}`);
    }
    if (debug && err.stack) lines.push('', err.stack);
  } else {
    lines.push(`error: ${String(err)}`);
  }
  return `${lines.join('\n')}\n`;
}
