import Table from 'cli-table3';
import { stringify as toYaml } from 'yaml';
import { UsageError } from './errors.js';

export const OUTPUT_FORMATS = ['json', 'table', 'yaml'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function parseOutputFormat(value: string): OutputFormat {
  if ((OUTPUT_FORMATS as readonly string[]).includes(value)) return value as OutputFormat;
  throw new UsageError(`--output must be one of ${OUTPUT_FORMATS.join(', ')} (got "${value}")`);
}

function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Rows for a table: an array of objects, or the `entities` of a Genesys page, or one object as key/value. */
function table(data: unknown): string {
  const rows = Array.isArray(data)
    ? data
    : data && typeof data === 'object' && Array.isArray((data as { entities?: unknown }).entities)
      ? (data as { entities: unknown[] }).entities
      : undefined;
  if (rows) {
    if (rows.length === 0) return '(no results)';
    if (rows.every((r) => r && typeof r === 'object' && !Array.isArray(r))) {
      const columns: string[] = [];
      for (const r of rows as Record<string, unknown>[]) {
        for (const k of Object.keys(r)) if (!columns.includes(k)) columns.push(k);
      }
      const t = new Table({ head: columns, style: { head: [], border: [] } });
      for (const r of rows as Record<string, unknown>[]) t.push(columns.map((c) => cell(r[c])));
      return t.toString();
    }
    const t = new Table({ head: ['value'], style: { head: [], border: [] } });
    for (const r of rows) t.push([cell(r)]);
    return t.toString();
  }
  if (data && typeof data === 'object') {
    const t = new Table({ style: { head: [], border: [] } });
    for (const [k, v] of Object.entries(data as Record<string, unknown>)) t.push({ [k]: cell(v) });
    return t.toString();
  }
  return cell(data);
}

/** Renders a command's result in the chosen format (no trailing newline). */
export function render(data: unknown, format: OutputFormat): string {
  if (format === 'json') return JSON.stringify(data, null, 2) ?? '';
  if (format === 'yaml') return toYaml(data ?? null).trimEnd();
  return table(data);
}
