import { descriptorData, literal, successSchema } from './descriptor';
import { HEADER } from './header';
import type { ApiModel, ApiOperation, ApiParam } from './model';
import { propertyKey, safeIdentifier, tagFileName, upperFirst } from './naming';
import type { TypeNamer } from './types';

export const optionsName = (op: ApiOperation): string => `${upperFirst(op.id)}Options`;
export const descriptorName = (op: ApiOperation): string => `${op.id}Operation`;

/** TypeScript type of a parameter value as callers pass it (`Date` allowed for date-time query values). */
export function paramTsType(p: ApiParam, namer: TypeNamer): string {
  if (p.in !== 'body' && p.schema.format === 'date-time' && p.schema.type === 'string')
    return 'Date | string';
  if (p.in !== 'body' && p.schema.type === 'array' && p.schema.items?.format === 'date-time') {
    return 'Array<Date | string>';
  }
  return namer.render(p.schema, 'M.', '  ');
}

export function returnTsType(op: ApiOperation, namer: TypeNamer): string {
  const schema = successSchema(op);
  return schema ? namer.render(schema, 'M.', '') : 'void';
}

function docTags(op: ApiOperation): string[] {
  const tags: string[] = [];
  if (op.deprecated) tags.push(' * @deprecated Deprecated by the API definition.');
  if (op.preview) tags.push(' * @experimental Preview API: may change or disappear without notice.');
  return tags.length ? ['/**', ...tags, ' */'] : [];
}

function emitOperation(op: ApiOperation, model: ApiModel, namer: TypeNamer): string[] {
  const lines: string[] = [];
  const opts = optionsName(op);
  if (op.params.length === 0) {
    lines.push(`export type ${opts} = Record<string, never>;`, '');
  } else {
    lines.push(`export interface ${opts} {`);
    for (const p of op.params) {
      lines.push(`  ${propertyKey(p.key)}${p.required ? '' : '?'}: ${paramTsType(p, namer)};`);
    }
    lines.push('}', '');
  }
  lines.push(
    ...docTags(op),
    `export const ${descriptorName(op)}: OperationDescriptor = ${literal(descriptorData(op, model, namer))};`,
    '',
  );
  const optional = op.params.every((p) => !p.required);
  lines.push(
    ...docTags(op),
    `export function ${op.id}(client: OperationInvoker, options${optional ? '?' : ''}: ${opts}, init?: CallOptions): Promise<${returnTsType(op, namer)}> {`,
    `  return client.call(${descriptorName(op)}, options, init);`,
    '}',
    '',
  );
  return lines;
}

/**
 * api/<tag>.ts: for each operation of the tag an Options type, a descriptor constant and a function. Operations
 * with several tags are declared in their first tag's module and re-exported from the others, so every
 * descriptor exists once. No top-level side effects: bundlers drop whatever is not imported.
 */
export function emitTagModule(tag: string, model: ApiModel, namer: TypeNamer): string {
  const ops = model.operations.filter((op) => op.tags.includes(tag));
  const own = ops.filter((op) => op.tags[0] === tag);
  const body: string[] = [];
  for (const op of own) body.push(...emitOperation(op, model, namer));
  const reexports = new Map<string, ApiOperation[]>();
  for (const op of ops) {
    if (op.tags[0] === tag) continue;
    const file = tagFileName(op.tags[0] as string);
    reexports.set(file, [...(reexports.get(file) ?? []), op]);
  }
  // Options types of re-exported operations are local aliases, not `export type { } from`: declaration bundlers
  // (rollup-plugin-dts, behind tsup) render a type re-exported from another chunk as a value in the facade's
  // namespace declarations (`declare const x: typeof X`), which fails type checks with skipLibCheck off.
  const typeImports: string[] = [];
  for (const file of [...reexports.keys()].sort()) {
    const list = reexports.get(file) as ApiOperation[];
    const names = list.flatMap((op) => [op.id, descriptorName(op)]).sort();
    const from = `$${namespaceName(file)}`;
    typeImports.push(`import type * as ${from} from './${file}';`);
    body.push(`export { ${names.join(', ')} } from './${file}';`);
    for (const name of list.map(optionsName).sort()) body.push(`export type ${name} = ${from}.${name};`);
    body.push('');
  }
  const text = body.join('\n');
  const head = [HEADER];
  if (own.length)
    head.push(
      "import type { CallOptions, OperationDescriptor, OperationInvoker } from '../../runtime/descriptor';",
    );
  if (/\bM\./.test(text)) head.push("import type * as M from '../models';");
  head.push(...typeImports);
  return `${[...head, '', text].join('\n').trimEnd()}\n`;
}

/** api/index.ts: every tag module as a namespace (`users`, `externalContacts`), for facades. */
export function emitApiIndex(model: ApiModel): string {
  const lines = [HEADER];
  for (const tag of model.tags) {
    const file = tagFileName(tag);
    lines.push(`export * as ${namespaceName(file)} from './${file}';`);
  }
  return `${lines.join('\n')}\n`;
}

/** `external-contacts` → `externalContacts`. */
export function namespaceName(file: string): string {
  return safeIdentifier(file.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase()));
}

/** operations.ts: every descriptor by id (for the CLI and tools); never imported by the tag modules. */
export function emitOperationIndex(model: ApiModel): string {
  const byFile = new Map<string, string[]>();
  for (const op of model.operations) {
    const file = tagFileName(op.tags[0] as string);
    byFile.set(file, [...(byFile.get(file) ?? []), descriptorName(op)]);
  }
  const lines = [HEADER, "import type { OperationDescriptor } from '../runtime/descriptor';"];
  for (const file of [...byFile.keys()].sort()) {
    lines.push(`import { ${(byFile.get(file) as string[]).join(', ')} } from './api/${file}';`);
  }
  lines.push('', '/** Every operation descriptor, keyed by operation id (the SDK method name). */');
  lines.push('export const operations: Readonly<Record<string, OperationDescriptor>> = {');
  for (const op of model.operations) lines.push(`  ${op.id}: ${descriptorName(op)},`);
  lines.push('};', '');
  lines.push('/** Tag (API class name without `Api`) → operation ids in that tag. */');
  lines.push('export const operationsByTag: Readonly<Record<string, readonly string[]>> = {');
  for (const tag of model.tags) {
    const ids = model.operations.filter((op) => op.tags.includes(tag)).map((op) => op.id);
    lines.push(`  ${propertyKey(tag)}: [${ids.map((id) => `'${id}'`).join(', ')}],`);
  }
  lines.push('};', '');
  return lines.join('\n');
}
