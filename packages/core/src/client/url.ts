// URL building: base selection, path templates, query serialisation with collection formats.
import { ValidationError } from '../errors/index.js';

export type CollectionFormat = 'csv' | 'ssv' | 'tsv' | 'pipes' | 'multi';
export type QueryFormat =
  | Record<string, CollectionFormat>
  | ((key: string, values: unknown[]) => [string, string][]);

const SEPARATORS: Record<Exclude<CollectionFormat, 'multi'>, string> = {
  csv: ',',
  ssv: ' ',
  tsv: '\t',
  pipes: '|',
};

export function isAbsoluteUrl(path: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(path);
}

export function joinUrl(base: string, path: string): string {
  // The usual case, '/api/v2/…' on a base without a trailing slash, needs no regular expression.
  const slash = path.charCodeAt(0) === 47;
  if (!slash && isAbsoluteUrl(path)) return path;
  if (!base) throw new ValidationError(`relative path ${path} needs a baseUrl`);
  if (slash && path.charCodeAt(1) !== 47 && base.charCodeAt(base.length - 1) !== 47) return base + path;
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

export function fillPath(template: string, params: Record<string, string | number> | undefined): string {
  if (!template.includes('{')) return template;
  return template.replace(/\{([^}/]+)\}/g, (_m, name: string) => {
    const v = params?.[name];
    if (v === undefined || v === null || v === '') {
      throw new ValidationError(`missing required path parameter "${name}" for ${template}`);
    }
    return encodeURIComponent(String(v));
  });
}

/** One parameter value on the wire: dates as ISO 8601, objects as JSON, anything else as its string. */
export function paramString(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object' && v !== null) return JSON.stringify(v);
  return String(v);
}

/** An array parameter in one value: joined by its collection format's separator (comma for csv, multi or none). */
export function joinParam(values: unknown[], format?: CollectionFormat): string {
  // join(undefined) joins with commas.
  return values.map(paramString).join(SEPARATORS[format as keyof typeof SEPARATORS]);
}

export function queryPairs(
  query: Record<string, unknown> | undefined,
  format?: QueryFormat,
): [string, string][] {
  const pairs: [string, string][] = [];
  if (!query) return pairs;
  for (const key in query) {
    if (!Object.hasOwn(query, key)) continue;
    const value = query[key];
    if (value === undefined || value === null) continue;
    if (!Array.isArray(value)) {
      pairs.push([key, paramString(value)]);
      continue;
    }
    const values = value.filter((v) => v !== undefined && v !== null);
    if (typeof format === 'function') {
      pairs.push(...format(key, values));
      continue;
    }
    const f = format?.[key] ?? 'multi';
    if (f === 'multi') for (const v of values) pairs.push([key, paramString(v)]);
    else if (values.length > 0) pairs.push([key, values.map(paramString).join(SEPARATORS[f])]);
  }
  return pairs;
}

export function appendQuery(url: string, pairs: [string, string][]): string {
  if (pairs.length === 0) return url;
  const qs = pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  const hash = url.indexOf('#');
  const [head, frag] = hash >= 0 ? [url.slice(0, hash), url.slice(hash)] : [url, ''];
  return `${head}${head.includes('?') ? '&' : '?'}${qs}${frag}`;
}
