// The operations `skyport gc` knows: discovery (`--list [filter]`), lookup with suggestions, and per-operation help.
import type { OperationDescriptor, ParamDescriptor } from '@skyport/genesys-cloud';
import { UsageError } from '../errors.js';
import { flagOf } from './params.js';

export type Catalog = Readonly<Record<string, OperationDescriptor>>;

/** The generated descriptor table, loaded on first use (it holds every operation of the API). */
export async function loadCatalog(): Promise<Catalog> {
  const mod = await import('@skyport/genesys-cloud/facade');
  return mod.operations;
}

export interface ListedOperation {
  id: string;
  method: string;
  path: string;
  tags: string;
}

/** Operations whose id, path or tag contains every filter word (case-insensitive), sorted by id. */
export function listOperations(catalog: Catalog, filter: readonly string[]): ListedOperation[] {
  const words = filter.flatMap((f) => f.toLowerCase().split(/\s+/)).filter(Boolean);
  return Object.values(catalog)
    .filter((op) => {
      const hay = `${op.id} ${op.method} ${op.path} ${op.tags.join(' ')}`.toLowerCase();
      return words.every((w) => hay.includes(w));
    })
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((op) => ({ id: op.id, method: op.method, path: op.path, tags: op.tags.join(', ') }));
}

/** Levenshtein distance, for "did you mean" suggestions. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
    }
    prev = row;
  }
  return prev[b.length] as number;
}

/** The descriptor for an id (exact, else case-insensitive), or a UsageError with close matches. */
export function findOperation(catalog: Catalog, id: string): OperationDescriptor {
  const exact = catalog[id];
  if (exact && Object.hasOwn(catalog, id)) return exact;
  const lower = id.toLowerCase();
  const folded = Object.values(catalog).find((op) => op.id.toLowerCase() === lower);
  if (folded) return folded;
  const near = Object.keys(catalog)
    .map((k) => ({ k, d: distance(k.toLowerCase(), lower) }))
    .filter(({ k, d }) => d <= Math.max(2, Math.floor(id.length / 5)) || k.toLowerCase().includes(lower))
    .sort((a, b) => a.d - b.d || a.k.localeCompare(b.k))
    .slice(0, 5)
    .map(({ k }) => k);
  throw new UsageError(
    `unknown operation "${id}"${near.length > 0 ? ` (did you mean ${near.join(', ')}?)` : ''}; \`skyport gc --list <words>\` finds operations`,
  );
}

function typeText(p: ParamDescriptor): string {
  if (p.in === 'body') return p.type === 'array' ? 'JSON array' : p.type === 'string' ? 'text' : 'JSON';
  const base = p.type === 'array' ? `${p.items ?? 'string'}[]` : (p.type ?? 'string');
  const extra = [p.format, p.enum ? `one of ${p.enum.join('|')}` : undefined].filter(Boolean);
  return extra.length > 0 ? `${base} (${extra.join(', ')})` : base;
}

/** `skyport gc <op> --help`: method, path, tags and every parameter with where it goes and its type. */
export function operationHelp(op: OperationDescriptor): string {
  const lines = [
    `${op.id}  ${op.method} ${op.path}${op.deprecated ? '  (deprecated)' : ''}${op.preview ? '  (preview)' : ''}`,
    `tags: ${op.tags.join(', ')}${op.responseModel ? `   returns: ${op.responseModel}` : ''}${op.paging ? `   pages by ${op.paging} (--all follows them)` : ''}`,
    '',
    `usage: skyport gc ${op.id}${op.params
      .filter((p) => p.required)
      .map((p) => (p.in === 'body' ? ' --body <file|-|json>' : ` ${flagOf(p)} <${p.key}>`))
      .join('')} [options]`,
    '',
  ];
  if (op.params.length === 0) {
    lines.push('parameters: none');
  } else {
    const rows = op.params.map((p) => {
      const flag =
        p.in === 'body'
          ? '--body <file|-|json>'
          : `${flagOf(p)} <${p.type === 'boolean' ? 'true|false' : 'value'}>`;
      const notes = [p.in, typeText(p)];
      if (p.required) notes.push('required');
      if (p.type === 'array') notes.push('repeat the flag or separate with commas');
      if (p.in !== 'body' && p.key !== p.name)
        notes.push(`also --${p.key === flagOf(p).slice(2) ? p.name : p.key}`);
      return [flag, notes.join(', ')] as const;
    });
    const width = Math.max(...rows.map(([f]) => f.length));
    lines.push('parameters:');
    for (const [flag, notes] of rows) lines.push(`  ${flag.padEnd(width)}  ${notes}`);
  }
  lines.push(
    '',
    'options: --all (every page of a list), --output json|table|yaml, --profile <name>, --env <env>, --debug',
  );
  return `${lines.join('\n')}\n`;
}
