// Secrets never reach a log line: headers, URL query values, JSON/form body fields and free text.
import { isStreamLike } from '../transport/types.js';

export const REDACTED = '[REDACTED]';

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key']);
// Any key ending in token/secret/password (access_token, refresh_token, id_token, client_secret…), and these.
const SECRET_KEY =
  /^(passwd|assertion|code_?verifier|authorization|api_?key|private_?key|passphrase)$|(secret|password|token)$/i;

/**
 * Which side of the exchange a value comes from. `code` is an OAuth authorization code in requests and
 * URLs, but an ordinary error code (e.g. "not.found") in response bodies, which stays readable.
 */
export type Side = 'request' | 'response';

export function isSecretKey(key: string, side: Side = 'request'): boolean {
  if (side === 'request' && /^code$/i.test(key)) return true;
  return SECRET_KEY.test(key);
}

export function redactHeaders(
  headers: Record<string, string> | undefined,
): Record<string, string> | undefined {
  if (!headers) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = SECRET_HEADERS.has(k.toLowerCase()) ? REDACTED : v;
  return out;
}

/** Replaces the values of secret keys; true when something was replaced. */
function redactParams(params: URLSearchParams): boolean {
  let changed = false;
  for (const key of [...params.keys()]) {
    if (isSecretKey(key)) {
      params.set(key, REDACTED);
      changed = true;
    }
  }
  return changed;
}

export function redactUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return redactPairs(url);
  }
  if (u.username || u.password) {
    u.username = '***';
    u.password = '';
  }
  redactParams(u.searchParams);
  if (u.hash.length > 1) {
    const frag = new URLSearchParams(u.hash.slice(1));
    if (redactParams(frag)) u.hash = frag.toString();
  }
  return u.toString();
}

/**
 * `key=value` pairs whose key is secret (URL queries and fragments, form text), credentials before an `@` in a
 * leading URL, Bearer/Basic credentials. This is all a URL the parser rejects gets, so that code reporting a
 * failed request carries no JSON redaction; free text gets the JSON field patterns as well. A key never spans a
 * `?`: in `…/cb?code=x` the key is `code`, not the path before it.
 */
function redactPairs(text: string): string {
  return text
    .replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@\s]*@/i, '$1***@')
    .replace(/(^|[?&#;\s])([^=&#;?\s]+)=[^&#;\s]*/g, (m, lead: string, key: string) =>
      isSecretKey(key) ? `${lead}${key}=${REDACTED}` : m,
    )
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/=]+/g, (_m, scheme: string) => `${scheme} ${REDACTED}`);
}

export function redactValue(value: unknown, depth = 0, side: Side = 'request'): unknown {
  if (typeof value === 'string') return redactPatterns(value, side);
  if (depth > 20 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1, side));
  if (value instanceof Uint8Array) return `<${value.byteLength} bytes>`;
  if (value instanceof URLSearchParams) return redactValue(Object.fromEntries(value), depth, side);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const secret = isSecretKey(k, side) && v !== null && v !== undefined && v !== '';
    out[k] = secret ? REDACTED : redactValue(v, depth + 1, side);
  }
  return out;
}

/** Best effort on arbitrary text: JSON fields, form fields, bearer/basic credentials. */
export function redactText(text: string, side: Side = 'request'): string {
  const trimmed = text.trim();
  if ((trimmed.startsWith('{') || trimmed.startsWith('[')) && trimmed.length < 5_000_000) {
    try {
      return JSON.stringify(redactValue(JSON.parse(trimmed), 0, side));
    } catch {
      // fall through to pattern redaction
    }
  }
  return redactPatterns(text, side);
}

const JSON_SECRET_FIELD =
  /("([A-Za-z_]*(?:token|secret|password|assertion|verifier|authorization|api_?key))"\s*:\s*)"(?:[^"\\]|\\.)*"/gi;
const JSON_CODE_FIELD = /("code"\s*:\s*)"(?:[^"\\]|\\.)*"/gi;

function redactPatterns(text: string, side: Side = 'request'): string {
  let out = text.replace(JSON_SECRET_FIELD, (_m, pre: string) => `${pre}"${REDACTED}"`);
  if (side === 'request') out = out.replace(JSON_CODE_FIELD, (_m, pre: string) => `${pre}"${REDACTED}"`);
  return redactPairs(out);
}

/** Redacts a request/response body of any shape for logging. */
export function redactBody(body: unknown, side: Side = 'request'): unknown {
  if (body === undefined || body === null) return body;
  if (typeof body === 'string') return redactText(body, side);
  if (body instanceof Uint8Array) return `<${body.byteLength} bytes>`;
  if (typeof FormData !== 'undefined' && body instanceof FormData) return '<multipart form data>';
  if (isStreamLike(body)) return '<stream>';
  return redactValue(body, 0, side);
}

/** Values that look secret wherever they appear: collected from headers and bodies as they pass by. */
export function collectSecrets(entry: {
  requestHeaders?: Record<string, string>;
  requestBody?: unknown;
  responseBody?: unknown;
}): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(entry.requestHeaders ?? {})) {
    if (SECRET_HEADERS.has(k.toLowerCase()) && typeof v === 'string') {
      const m = /^\s*(?:Bearer|Basic)\s+(.+)$/i.exec(v);
      out.push(m ? m[1]!.trim() : v.trim());
    }
  }
  const walk = (v: unknown, depth: number, side: Side): void => {
    if (depth > 20 || v === null || v === undefined) return;
    if (typeof v === 'string') {
      const t = v.trim();
      if (t.startsWith('{') || t.startsWith('[')) {
        try {
          walk(JSON.parse(t), depth + 1, side);
        } catch {
          // not JSON
        }
      } else if (/^[^=&\s]+=[^&]*(&[^=&\s]+=[^&]*)*$/.test(t)) {
        for (const [k, val] of new URLSearchParams(t)) if (isSecretKey(k, side)) out.push(val);
      }
      return;
    }
    if (typeof v !== 'object' || v instanceof Uint8Array) return;
    if (Array.isArray(v)) {
      for (const item of v) walk(item, depth + 1, side);
      return;
    }
    if (v instanceof URLSearchParams) {
      for (const [k, val] of v) if (isSecretKey(k, side)) out.push(val);
      return;
    }
    for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
      if (isSecretKey(k, side) && (typeof val === 'string' || typeof val === 'number')) out.push(String(val));
      else walk(val, depth + 1, side);
    }
  };
  walk(entry.requestBody, 0, 'request');
  walk(entry.responseBody, 0, 'response');
  // Short values would blank out ordinary words.
  return out.filter((s) => s.length >= 6);
}

/** Replaces every occurrence of known secret values (also percent- and JSON-encoded). */
export function scrubKnown(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const s of secrets) {
    for (const form of new Set([s, encodeURIComponent(s), JSON.stringify(s).slice(1, -1)])) {
      if (out.includes(form)) out = out.split(form).join(REDACTED);
    }
  }
  return out;
}
