import type { ApiModel, ApiOperation, Schema } from './model';
import { AFTER_FIELDS, CURSOR_FIELDS, PAGE_NUMBER_FIELDS, PAGING_OVERRIDES } from './paging-quirks';

export type PagingStyle = 'pageNumber' | 'nextUri' | 'cursor' | 'after';

function successSchema(op: ApiOperation): Schema | null {
  for (const code of Object.keys(op.responses).sort()) {
    const schema = op.responses[code];
    if (schema) return schema;
  }
  return null;
}

/** The paging style of an operation, or undefined when it does not page (rules in paging-quirks.ts). */
export function detectPaging(op: ApiOperation, model: ApiModel): PagingStyle | undefined {
  if (op.id in PAGING_OVERRIDES) return PAGING_OVERRIDES[op.id] ?? undefined;
  let schema = successSchema(op);
  if (schema?.$ref) schema = model.definitions[schema.$ref.slice(14)] ?? null;
  const props = new Set(Object.keys(schema?.properties ?? {}));
  if (props.size === 0) return undefined;
  const query = new Set(op.params.filter((p) => p.in === 'query').map((p) => p.name));
  const has = (fields: readonly string[]) => fields.some((f) => props.has(f));
  if (query.has('pageNumber') && has(PAGE_NUMBER_FIELDS)) return 'pageNumber';
  if (query.has('cursor') && has(CURSOR_FIELDS)) return 'cursor';
  if (query.has('after') && has(AFTER_FIELDS)) return 'after';
  if (op.method === 'GET' && props.has('nextUri') && props.has('entities')) return 'nextUri';
  return undefined;
}
