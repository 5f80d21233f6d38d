import type { ApiModel, ApiOperation, ApiParam, Schema } from './model';
import { detectPaging, type PagingStyle } from './paging';
import type { TypeNamer } from './types';

type ParamType = 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object' | 'file';

/** Runtime shape of OperationDescriptor (see packages/genesys-cloud/src/runtime/descriptor.ts). */
export interface DescriptorData {
  id: string;
  method: string;
  path: string;
  tags: string[];
  params: Array<{
    name: string;
    key: string;
    in: string;
    required?: boolean;
    type?: ParamType;
    items?: ParamType;
    enum?: string[];
    format?: string;
    collectionFormat?: string;
  }>;
  consumes?: string[];
  produces?: string[];
  responseType: 'json' | 'text' | 'binary' | 'none';
  responseModel?: string;
  deprecated?: boolean;
  preview?: boolean;
  paging?: PagingStyle;
}

function paramType(schema: Schema | undefined, model: ApiModel): ParamType | undefined {
  if (!schema) return undefined;
  if (schema.$ref) {
    const target = model.definitions[schema.$ref.slice(14)];
    return target && target.$ref === undefined ? (paramType(target, model) ?? 'object') : 'object';
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (type === 'string' && schema.format === 'binary') return 'file';
  if (
    type === 'string' ||
    type === 'number' ||
    type === 'integer' ||
    type === 'boolean' ||
    type === 'array' ||
    type === 'object' ||
    type === 'file'
  ) {
    return type;
  }
  if (schema.properties || schema.additionalProperties || schema.allOf) return 'object';
  return undefined;
}

/** The first success response with a body, or null (204-style operations). */
export function successSchema(op: ApiOperation): Schema | null {
  for (const code of Object.keys(op.responses).sort()) {
    const schema = op.responses[code];
    if (schema) return schema;
  }
  return null;
}

export function responseType(op: ApiOperation): DescriptorData['responseType'] {
  const schema = successSchema(op);
  if (!schema) return 'none';
  if (schema.type === 'file' || (schema.type === 'string' && schema.format === 'binary')) return 'binary';
  const accept = op.produces[0] ?? 'application/json';
  if (schema.type === 'string' && accept.startsWith('text/')) return 'text';
  if (!/json/.test(accept) && !accept.startsWith('text/') && accept !== '*/*') return 'binary';
  return 'json';
}

function paramData(p: ApiParam, model: ApiModel): DescriptorData['params'][number] {
  const data: DescriptorData['params'][number] = { name: p.name, key: p.key, in: p.in };
  if (p.required) data.required = true;
  const type = paramType(p.schema, model);
  if (type) data.type = type;
  if (type === 'array') {
    const items = paramType(p.schema.items, model);
    if (items) data.items = items;
  }
  const enumSource = type === 'array' ? p.schema.items?.enum : p.schema.enum;
  if (Array.isArray(enumSource) && enumSource.every((v) => typeof v === 'string'))
    data.enum = enumSource as string[];
  const format = type === 'array' ? p.schema.items?.format : p.schema.format;
  if (typeof format === 'string') data.format = format;
  if (p.collectionFormat) data.collectionFormat = p.collectionFormat;
  return data;
}

export function descriptorData(op: ApiOperation, model: ApiModel, namer: TypeNamer): DescriptorData {
  const data: DescriptorData = {
    id: op.id,
    method: op.method,
    path: op.path,
    tags: op.tags,
    params: op.params.map((p) => paramData(p, model)),
    responseType: responseType(op),
  };
  if (op.consumes.length) data.consumes = op.consumes;
  if (op.produces.length) data.produces = op.produces;
  const schema = successSchema(op);
  if (schema) data.responseModel = namer.render(schema, '', '').replace(/\s*\n\s*/g, ' ');
  if (op.deprecated) data.deprecated = true;
  if (op.preview) data.preview = true;
  const paging = detectPaging(op, model);
  if (paging) data.paging = paging;
  return data;
}

/** Renders a plain value as a TypeScript literal with single quotes (stable key order as built). */
export function literal(value: unknown, indent = ''): string {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== 'object')) return `[${value.map((v) => literal(v)).join(', ')}]`;
    const inner = `${indent}  `;
    return `[\n${value.map((v) => `${inner}${literal(v, inner)},`).join('\n')}\n${indent}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    const flat = entries.every(
      ([, v]) => typeof v !== 'object' || (Array.isArray(v) && v.every((x) => typeof x !== 'object')),
    );
    const keyOf = (k: string) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : literal(k));
    if (flat && entries.length <= 8)
      return `{ ${entries.map(([k, v]) => `${keyOf(k)}: ${literal(v)}`).join(', ')} }`;
    const inner = `${indent}  `;
    return `{\n${entries.map(([k, v]) => `${inner}${keyOf(k)}: ${literal(v, inner)},`).join('\n')}\n${indent}}`;
  }
  return 'undefined';
}
