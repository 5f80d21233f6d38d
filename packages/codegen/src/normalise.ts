import { CodegenError } from './load';
import type { ApiModel, ApiOperation, ApiParam, ParamIn, Schema } from './model';
import { camelCase, operationName, pascalCase, safeIdentifier } from './naming';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;
const COLLECTION_FORMATS = new Set(['csv', 'ssv', 'tsv', 'pipes', 'multi']);
type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Normalises a Swagger 2.0 or OpenAPI 3.x document into the internal model. */
export function normalise(doc: Obj, where = '<input>'): ApiModel {
  if (typeof doc.swagger === 'string' && doc.swagger.startsWith('2.')) return normaliseSwagger2(doc, where);
  if (typeof doc.openapi === 'string' && doc.openapi.startsWith('3.')) return normaliseOpenApi3(doc, where);
  throw new CodegenError(
    'expected a Swagger 2.0 (`swagger: "2.0"`) or OpenAPI 3.x (`openapi: "3.x"`) document',
    where,
  );
}

/** Rewrites OpenAPI 3 component references to `#/definitions/<Name>` and drops prose. */
function cleanSchema(value: unknown, refPrefix: string): Schema {
  if (!isObj(value)) return {};
  const out: Schema = {};
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (key === 'description' || key === 'example' || key === 'examples' || key === 'title' || key === 'xml')
      continue;
    if (key === 'externalDocs' || key.startsWith('x-')) continue;
    if (key === '$ref' && typeof v === 'string') {
      out.$ref = v.startsWith(refPrefix) ? `#/definitions/${v.slice(refPrefix.length)}` : v;
    } else if (key === 'properties' && isObj(v)) {
      const props: Record<string, Schema> = {};
      for (const name of Object.keys(v)) props[name] = cleanSchema(v[name], refPrefix);
      out.properties = props;
    } else if ((key === 'items' || key === 'not') && isObj(v)) {
      out[key] = cleanSchema(v, refPrefix);
    } else if (key === 'additionalProperties') {
      out.additionalProperties = typeof v === 'boolean' ? v : cleanSchema(v, refPrefix);
    } else if ((key === 'allOf' || key === 'oneOf' || key === 'anyOf') && Array.isArray(v)) {
      out[key] = v.map((s) => cleanSchema(s, refPrefix));
    } else {
      out[key] = v;
    }
  }
  return out;
}

function checkRefs(model: ApiModel, where: string): void {
  const visit = (schema: Schema | null | undefined, at: string): void => {
    if (!schema) return;
    if (typeof schema.$ref === 'string') {
      const name = schema.$ref.startsWith('#/definitions/') ? schema.$ref.slice(14) : undefined;
      if (name === undefined || !(name in model.definitions)) {
        throw new CodegenError(`unresolved reference ${schema.$ref}`, `${where}#${at}`);
      }
    }
    if (schema.items) visit(schema.items, `${at}/items`);
    if (isObj(schema.additionalProperties))
      visit(schema.additionalProperties as Schema, `${at}/additionalProperties`);
    for (const [name, prop] of Object.entries(schema.properties ?? {}))
      visit(prop, `${at}/properties/${name}`);
    for (const k of ['allOf', 'oneOf', 'anyOf'] as const) {
      schema[k]?.forEach((s, i) => {
        visit(s, `${at}/${k}/${i}`);
      });
    }
  };
  for (const [name, def] of Object.entries(model.definitions)) visit(def, `/definitions/${name}`);
  for (const op of model.operations) {
    for (const p of op.params)
      visit(p.schema, `/paths/${op.path}/${op.method.toLowerCase()}/parameters/${p.name}`);
    for (const [code, r] of Object.entries(op.responses))
      visit(r, `/paths/${op.path}/${op.method.toLowerCase()}/responses/${code}`);
  }
}

function resolveRef(doc: Obj, ref: string, where: string): Obj {
  if (!ref.startsWith('#/')) throw new CodegenError(`only local references are supported, got ${ref}`, where);
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = isObj(node) ? node[part] : undefined;
  }
  if (!isObj(node)) throw new CodegenError(`unresolved reference ${ref}`, where);
  return node;
}

/** Assigns option keys, de-duplicates them, and orders required parameters first. */
function finishParams(params: ApiParam[], where: string): ApiParam[] {
  const used = new Set<string>();
  for (const p of params) {
    let key = p.key;
    for (let n = 2; used.has(key); n++) key = `${p.key}${n}`;
    p.key = key;
    used.add(key);
  }
  const names = new Set<string>();
  for (const p of params) {
    const id = `${p.in}:${p.name}`;
    if (names.has(id)) throw new CodegenError(`parameter ${p.name} (in ${p.in}) is declared twice`, where);
    names.add(id);
  }
  return [...params.filter((p) => p.required), ...params.filter((p) => !p.required)];
}

/** Picks unique SDK method names: x-purecloud-method-name / operationId, else derived from method + path. */
function assignIds(ops: Array<ApiOperation & { rawId: string }>): ApiOperation[] {
  const counts = new Map<string, number>();
  for (const op of ops) counts.set(op.rawId, (counts.get(op.rawId) ?? 0) + 1);
  const used = new Set<string>();
  const result: ApiOperation[] = [];
  for (const op of ops) {
    let id = op.rawId;
    if ((counts.get(id) ?? 0) > 1) {
      // A collision: every colliding operation gets a deterministic suffix from its method and path.
      id = `${id}${pascalCase(`${op.method.toLowerCase()} ${op.path}`)}`;
    }
    let unique = id;
    for (let n = 2; used.has(unique); n++) unique = `${id}${n}`;
    used.add(unique);
    const { rawId: _raw, ...rest } = op;
    result.push({ ...rest, id: unique });
  }
  return result;
}

function rawOperationId(op: Obj, method: string, path: string): string {
  const named = op['x-purecloud-method-name'] ?? op.operationId;
  if (typeof named === 'string' && named.length > 0) return operationName(named);
  return operationName(camelCase(`${method} ${path.replace(/[{}]/g, '')}`));
}

function finishModel(
  definitions: Record<string, Schema>,
  ops: Array<ApiOperation & { rawId: string }>,
  where: string,
): ApiModel {
  const sortedDefs: Record<string, Schema> = {};
  for (const name of Object.keys(definitions).sort()) sortedDefs[name] = definitions[name] as Schema;
  ops.sort((a, b) => (a.path === b.path ? a.method.localeCompare(b.method) : a.path < b.path ? -1 : 1));
  const operations = assignIds(ops).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const tags = [...new Set(operations.flatMap((op) => op.tags))].sort();
  const model: ApiModel = { definitions: sortedDefs, operations, tags };
  checkRefs(model, where);
  return model;
}

function readTags(op: Obj): string[] {
  const tags = Array.isArray(op.tags)
    ? op.tags.filter((t): t is string => typeof t === 'string' && t.length > 0)
    : [];
  return tags.length > 0 ? [...new Set(tags)] : ['Default'];
}

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
}

/** Preview (beta) APIs are flagged by vendor extensions; a `/preview` path segment is NOT a signal. */
function isPreview(op: Obj): boolean {
  return op['x-genesys-preview'] === true || op['x-inin-preview'] === true || op['x-preview'] === true;
}

function normaliseSwagger2(doc: Obj, where: string): ApiModel {
  const definitions: Record<string, Schema> = {};
  const rawDefs = isObj(doc.definitions) ? doc.definitions : {};
  for (const name of Object.keys(rawDefs)) definitions[name] = cleanSchema(rawDefs[name], '#/definitions/');
  const globalConsumes = strings(doc.consumes) ?? [];
  const globalProduces = strings(doc.produces) ?? [];
  const ops: Array<ApiOperation & { rawId: string }> = [];
  const paths = isObj(doc.paths) ? doc.paths : {};
  for (const path of Object.keys(paths)) {
    const item = paths[path];
    if (!isObj(item)) continue;
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of METHODS) {
      const op = item[method];
      if (!isObj(op)) continue;
      const at = `${where}#/paths/${path}/${method}`;
      const merged = new Map<string, Obj>();
      for (const raw of [...shared, ...(Array.isArray(op.parameters) ? op.parameters : [])]) {
        const p = isObj(raw) && typeof raw.$ref === 'string' ? resolveRef(doc, raw.$ref, at) : raw;
        if (!isObj(p) || typeof p.name !== 'string' || typeof p.in !== 'string') {
          throw new CodegenError('a parameter needs a string `name` and `in`', at);
        }
        merged.set(`${p.in}:${p.name}`, p);
      }
      const params: ApiParam[] = [];
      for (const p of merged.values()) {
        const location = p.in as string;
        if (!['path', 'query', 'header', 'body', 'formData'].includes(location)) {
          throw new CodegenError(`unsupported parameter location "${location}" for ${p.name}`, at);
        }
        const name = p.name as string;
        const sdkName =
          typeof p['x-sdk-param-name'] === 'string' ? (p['x-sdk-param-name'] as string) : undefined;
        const schema =
          location === 'body'
            ? cleanSchema(p.schema, '#/definitions/')
            : cleanSchema(
                Object.fromEntries(
                  [
                    'type',
                    'format',
                    'items',
                    'enum',
                    'minimum',
                    'maximum',
                    'pattern',
                    'minLength',
                    'maxLength',
                  ]
                    .filter((k) => p[k] !== undefined)
                    .map((k) => [k, p[k]]),
                ),
                '#/definitions/',
              );
        const param: ApiParam = {
          name,
          key: location === 'body' ? 'body' : safeIdentifier(sdkName ?? name),
          in: location as ParamIn,
          required: location === 'path' || p.required === true,
          schema,
        };
        if (typeof p.collectionFormat === 'string' && COLLECTION_FORMATS.has(p.collectionFormat)) {
          param.collectionFormat = p.collectionFormat as ApiParam['collectionFormat'];
        }
        params.push(param);
      }
      const responses: Record<string, Schema | null> = {};
      const rawResponses = isObj(op.responses) ? op.responses : {};
      for (const code of Object.keys(rawResponses).sort()) {
        if (!/^2\d\d$/.test(code)) continue;
        let r = rawResponses[code];
        if (isObj(r) && typeof r.$ref === 'string') r = resolveRef(doc, r.$ref, at);
        responses[code] = isObj(r) && isObj(r.schema) ? cleanSchema(r.schema, '#/definitions/') : null;
      }
      ops.push({
        rawId: rawOperationId(op, method, path),
        id: '',
        method: method.toUpperCase() as ApiOperation['method'],
        path,
        tags: readTags(op),
        params: finishParams(params, at),
        responses,
        consumes: strings(op.consumes) ?? globalConsumes,
        produces: strings(op.produces) ?? globalProduces,
        deprecated: op.deprecated === true,
        preview: isPreview(op),
      });
    }
  }
  return finishModel(definitions, ops, where);
}

const JSON_TYPES = /^application\/(.+\+)?json/;

function normaliseOpenApi3(doc: Obj, where: string): ApiModel {
  const prefix = '#/components/schemas/';
  const components = isObj(doc.components) ? doc.components : {};
  const rawDefs = isObj(components.schemas) ? components.schemas : {};
  const definitions: Record<string, Schema> = {};
  for (const name of Object.keys(rawDefs)) definitions[name] = cleanSchema(rawDefs[name], prefix);
  const ops: Array<ApiOperation & { rawId: string }> = [];
  const paths = isObj(doc.paths) ? doc.paths : {};
  const deref = (value: unknown, at: string): unknown =>
    isObj(value) && typeof value.$ref === 'string' && !value.$ref.startsWith(prefix)
      ? resolveRef(doc, value.$ref, at)
      : value;
  for (const path of Object.keys(paths)) {
    const item = deref(paths[path], where);
    if (!isObj(item)) continue;
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of METHODS) {
      const op = item[method];
      if (!isObj(op)) continue;
      const at = `${where}#/paths/${path}/${method}`;
      const merged = new Map<string, Obj>();
      for (const raw of [...shared, ...(Array.isArray(op.parameters) ? op.parameters : [])]) {
        const p = deref(raw, at);
        if (!isObj(p) || typeof p.name !== 'string' || typeof p.in !== 'string') {
          throw new CodegenError('a parameter needs a string `name` and `in`', at);
        }
        if (p.in === 'cookie') continue;
        merged.set(`${p.in}:${p.name}`, p);
      }
      const params: ApiParam[] = [];
      for (const p of merged.values()) {
        const name = p.name as string;
        const sdkName =
          typeof p['x-sdk-param-name'] === 'string' ? (p['x-sdk-param-name'] as string) : undefined;
        const schema = cleanSchema(p.schema, prefix);
        const param: ApiParam = {
          name,
          key: safeIdentifier(sdkName ?? name),
          in: p.in as ParamIn,
          required: p.in === 'path' || p.required === true,
          schema,
        };
        if (schema.type === 'array') {
          const style = typeof p.style === 'string' ? p.style : p.in === 'query' ? 'form' : 'simple';
          const explode = typeof p.explode === 'boolean' ? p.explode : style === 'form';
          param.collectionFormat =
            style === 'spaceDelimited'
              ? 'ssv'
              : style === 'pipeDelimited'
                ? 'pipes'
                : explode
                  ? 'multi'
                  : 'csv';
        }
        params.push(param);
      }
      let consumes: string[] = [];
      const body = deref(op.requestBody, at);
      if (isObj(body) && isObj(body.content)) {
        consumes = Object.keys(body.content);
        const mediaType = consumes.find((t) => JSON_TYPES.test(t)) ?? consumes[0];
        const media = mediaType ? body.content[mediaType] : undefined;
        const schema = isObj(media) ? cleanSchema(media.schema, prefix) : {};
        if (mediaType === 'multipart/form-data' || mediaType === 'application/x-www-form-urlencoded') {
          const required = new Set(schema.required ?? []);
          for (const [name, prop] of Object.entries(schema.properties ?? {})) {
            const isFile = prop.type === 'string' && (prop.format === 'binary' || prop.format === 'base64');
            params.push({
              name,
              key: safeIdentifier(name),
              in: 'formData',
              required: required.has(name),
              schema: isFile ? { type: 'file' } : prop,
            });
          }
        } else if (
          mediaType === 'application/octet-stream' ||
          (schema.type === 'string' && schema.format === 'binary')
        ) {
          params.push({
            name: 'body',
            key: 'body',
            in: 'body',
            required: body.required === true,
            schema: { type: 'file' },
          });
        } else {
          const bodyName =
            typeof op['x-codegen-request-body-name'] === 'string'
              ? op['x-codegen-request-body-name']
              : 'body';
          params.push({ name: bodyName, key: 'body', in: 'body', required: body.required === true, schema });
        }
      }
      const responses: Record<string, Schema | null> = {};
      const produces = new Set<string>();
      const rawResponses = isObj(op.responses) ? op.responses : {};
      for (const code of Object.keys(rawResponses).sort()) {
        if (!/^2\d\d$/.test(code)) continue;
        const r = deref(rawResponses[code], at);
        let schema: Schema | null = null;
        if (isObj(r) && isObj(r.content)) {
          const types = Object.keys(r.content);
          for (const t of types) produces.add(t);
          const mediaType = types.find((t) => JSON_TYPES.test(t)) ?? types[0];
          const media = mediaType ? r.content[mediaType] : undefined;
          if (isObj(media)) {
            schema = cleanSchema(media.schema, prefix);
            if (
              mediaType &&
              !JSON_TYPES.test(mediaType) &&
              !mediaType.startsWith('text/') &&
              schema.type === 'string'
            ) {
              schema = { type: 'string', format: 'binary' };
            }
          }
        }
        responses[code] = schema;
      }
      ops.push({
        rawId: rawOperationId(op, method, path),
        id: '',
        method: method.toUpperCase() as ApiOperation['method'],
        path,
        tags: readTags(op),
        params: finishParams(params, at),
        responses,
        consumes,
        produces: [...produces],
        deprecated: op.deprecated === true,
        preview: isPreview(op),
      });
    }
  }
  return finishModel(definitions, ops, where);
}
