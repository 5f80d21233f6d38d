// How purecloud-platform-client-v2 turns parameter values into URL, header and body text. The compat layer
// reproduces it byte for byte so requests look the same on the wire (see test/compat-wire.test.ts).

/** Value → string as the official ApiClient.paramToString does it (booleans lower-case, Dates as ISO, falsy → ''). */
export function paramToString(param: unknown, legacyFilter = false): string {
  if (legacyFilter) {
    // setUseLegacyParameterFilter(true): older SDKs turned every falsy value (0, false) into ''.
    if (!param) return '';
    if (param instanceof Date) return param.toJSON();
    return String(param);
  }
  if (typeof param === 'boolean' || param instanceof Boolean) return String(param).toLowerCase();
  if (typeof param === 'number') return String(param);
  if (!param) return '';
  if (param instanceof Date) return param.toJSON();
  return String(param);
}

/**
 * A value of an array-typed parameter. The official SDK sends every collection (even `multi`) as one
 * comma-joined value; an empty or missing value is left out.
 */
export function collectionParam(value: unknown, legacyFilter = false): string | undefined {
  if (!value) return undefined;
  const items = Array.isArray(value) ? value : [value];
  return items.map((item) => paramToString(item, legacyFilter)).join(',');
}

/** One query value as the official `serialize` step leaves it: arrays comma-joined, scalars via paramToString. */
export function queryValue(value: unknown, legacyFilter = false): string {
  return Array.isArray(value) ? value.join(',') : paramToString(value, legacyFilter);
}

// Query component encoding of the HTTP library the official SDK uses: encodeURIComponent, then `:`, `$`, `,`
// kept literal and spaces as `+`.
function encodeQueryPart(text: string): string {
  const encoded = encodeURIComponent(text);
  // Escaping always lengthens the text: the same length means nothing was escaped and nothing to restore.
  if (encoded.length === text.length) return encoded;
  return encoded.replace(/%3A/gi, ':').replace(/%24/g, '$').replace(/%2C/gi, ',').replace(/%20/g, '+');
}

/** `a=1&b=x,y` for the already-serialised query object (undefined values skipped, insertion order kept). */
export function buildQueryString(query: Record<string, string | undefined>): string {
  let out = '';
  for (const key in query) {
    if (!Object.hasOwn(query, key)) continue;
    const value = query[key];
    if (value === undefined) continue;
    out += `${out ? '&' : ''}${encodeQueryPart(encodeURIComponent(key))}=${encodeQueryPart(value)}`;
  }
  return out;
}

/** A path template cut at its `{name}` placeholders: literal text at even indexes, names at odd ones. */
const templates = new Map<string, string[]>();

function templateParts(path: string): string[] {
  let parts = templates.get(path);
  if (!parts) {
    parts = path.split(/\{([\w-]+)\}/);
    // Paths come from the API definition (a bounded set); a caller building paths dynamically must not grow this.
    if (templates.size < 10_000) templates.set(path, parts);
  }
  return parts;
}

/** Replaces `{name}` placeholders with encodeURIComponent(paramToString(value)); unknown ones stay literal. */
export function fillPath(path: string, pathParams: Record<string, unknown>, legacyFilter = false): string {
  const withSlash = path.startsWith('/') ? path : `/${path}`;
  if (!withSlash.includes('{')) return withSlash;
  const parts = templateParts(withSlash);
  let out = parts[0] as string;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i] as string;
    out += encodeURIComponent(
      Object.hasOwn(pathParams, name) ? paramToString(pathParams[name], legacyFilter) : `{${name}}`,
    );
    out += parts[i + 1] as string;
  }
  return out;
}

/**
 * A JSON request body as the official SDK's HTTP library writes it: a string that already parses as JSON is sent
 * trimmed and unchanged, any other string is JSON-quoted, everything else goes through JSON.stringify.
 */
export function jsonBodyText(body: unknown): string {
  if (typeof body === 'string') {
    try {
      JSON.parse(body);
      return body.trim();
    } catch {
      return JSON.stringify(body);
    }
  }
  return JSON.stringify(body);
}

/** The first JSON media type of a list, else the first entry (the official jsonPreferredMime). */
export function preferredMime(types: readonly string[] | undefined): string | undefined {
  if (!types || types.length === 0) return undefined;
  if (types.length === 1) return types[0];
  return types.find((t) => /^application\/json(;.*)?$/i.test(t)) ?? types[0];
}

/** Base64 of the UTF-8 bytes of `text` (Basic authentication). */
export function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

const TOKEN = /^[!#$%&'*+\-.0-9A-Z^_`a-z|~]+$/;

/** Checks per-call headers the way the official SDK does, with a message naming the bad header. */
export function checkCustomHeaders(headers: unknown): Record<string, string> | undefined {
  if (headers === undefined || headers === null) return undefined;
  if (typeof headers !== 'object' || Array.isArray(headers)) {
    throw new TypeError('customHeaders must be an object of header name → string value');
  }
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    if (typeof value !== 'string') {
      throw new TypeError(`customHeaders["${name}"] must be a string, got ${typeof value}`);
    }
    if (!TOKEN.test(name)) throw new TypeError(`customHeaders: "${name}" is not a valid HTTP header name`);
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (!(c === 0x09 || (c >= 0x20 && c <= 0x7e) || (c >= 0x80 && c <= 0xff))) {
        throw new TypeError(`customHeaders["${name}"] contains a character not allowed in a header value`);
      }
    }
  }
  return headers as Record<string, string>;
}
