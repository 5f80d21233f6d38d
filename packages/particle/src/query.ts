// Query and form encoding matching the `qs` library's defaults, which particle-api-js uses on the wire:
// arrays become `key[0]=a&key[1]=b`, nested objects `key[sub]=v`, undefined values are skipped.

const encode = (s: string): string =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function walk(prefix: string, value: unknown, out: string[]): void {
  if (value === undefined) return;
  if (value === null) {
    out.push(`${encode(prefix)}=`);
    return;
  }
  if (value instanceof Date) {
    out.push(`${encode(prefix)}=${encode(value.toISOString())}`);
    return;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) walk(`${prefix}[${i}]`, value[i], out);
    return;
  }
  if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) walk(`${prefix}[${k}]`, v, out);
    return;
  }
  out.push(`${encode(prefix)}=${encode(String(value))}`);
}

/** Encodes an object the way `qs.stringify` does by default. */
export function stringifyQuery(params: Record<string, unknown> | undefined): string {
  if (!params) return '';
  const out: string[] = [];
  for (const [k, v] of Object.entries(params)) walk(k, v, out);
  return out.join('&');
}
