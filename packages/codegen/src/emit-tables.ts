import { descriptorData } from './descriptor';
import type { ApiModel, Schema } from './model';
import type { TypeNamer } from './types';

/** JSON Schema keywords kept in the tables (draft-07 vocabulary); prose and examples are dropped. */
const KEEP = new Set([
  '$ref',
  'type',
  'format',
  'enum',
  'items',
  'properties',
  'required',
  'additionalProperties',
  'allOf',
  'oneOf',
  'anyOf',
  'not',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'uniqueItems',
  'readOnly',
  'const',
  'default',
]);

/** A draft-07 compatible copy of a schema: `nullable` becomes a `null` type, Swagger's `file` a binary string. */
export function toJsonSchema(schema: Schema | null | undefined): Record<string, unknown> {
  if (!schema) return {};
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(schema)) {
    if (!KEEP.has(key)) continue;
    const value = schema[key];
    if (key === 'properties' && value && typeof value === 'object') {
      const props: Record<string, unknown> = {};
      for (const [name, prop] of Object.entries(value as Record<string, Schema>))
        props[name] = toJsonSchema(prop);
      out.properties = props;
    } else if (key === 'items' || key === 'not') {
      out[key] = toJsonSchema(value as Schema);
    } else if (key === 'additionalProperties') {
      out[key] = typeof value === 'boolean' ? value : toJsonSchema(value as Schema);
    } else if (key === 'allOf' || key === 'oneOf' || key === 'anyOf') {
      out[key] = (value as Schema[]).map(toJsonSchema);
    } else if (key === 'required') {
      if (Array.isArray(value) && value.length > 0) out.required = value;
    } else if (key === 'type' && value === 'file') {
      out.type = 'string';
      out.format = 'binary';
    } else {
      out[key] = value;
    }
  }
  if (schema.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  return out;
}

/** tables/operations.json: what the sandbox validates requests against. Minified, deterministic. */
export function emitOperationsTable(model: ApiModel, namer: TypeNamer): string {
  const operations = model.operations.map((op) => {
    const body = op.params.find((p) => p.in === 'body');
    const responses: Record<string, unknown> = {};
    for (const [code, schema] of Object.entries(op.responses))
      responses[code] = schema ? toJsonSchema(schema) : null;
    const entry: Record<string, unknown> = {
      id: op.id,
      method: op.method,
      path: op.path,
      tags: op.tags,
      params: op.params
        .filter((p) => p.in !== 'body')
        .map((p) => ({
          name: p.name,
          key: p.key,
          in: p.in,
          required: p.required,
          schema: toJsonSchema(p.schema),
          ...(p.collectionFormat ? { collectionFormat: p.collectionFormat } : {}),
        })),
      body: body ? { required: body.required, schema: toJsonSchema(body.schema) } : null,
      responses,
      consumes: op.consumes,
      produces: op.produces,
    };
    const paging = descriptorData(op, model, namer).paging;
    if (paging) entry.paging = paging;
    if (op.deprecated) entry.deprecated = true;
    if (op.preview) entry.preview = true;
    return entry;
  });
  return `${JSON.stringify({ version: 1, operations })}\n`;
}

/** tables/schemas.json: every definition as a draft-07 JSON Schema. */
export function emitSchemasTable(model: ApiModel): string {
  const definitions: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(model.definitions)) definitions[name] = toJsonSchema(schema);
  return `${JSON.stringify({ definitions })}\n`;
}
