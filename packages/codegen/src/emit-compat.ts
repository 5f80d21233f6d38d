import { encodeTable } from './compat-table';
import { descriptorData } from './descriptor';
import { paramTsType, returnTsType } from './emit-operations';
import { HEADER } from './header';
import type { ApiModel, ApiOperation, ApiParam } from './model';
import { apiClassName, propertyKey, quote, safeIdentifier } from './naming';
import type { TypeNamer } from './types';

/** Variable name for a positional argument (keys are safe identifiers; avoid the names the method uses). */
function argName(p: ApiParam): string {
  // A required body is named like the official SDK's argument (`dataTableRow`); its args key stays `body`.
  const base = p.in === 'body' ? safeIdentifier(p.name) : p.key;
  return base;
}

/**
 * The method's signature in the class's interface (types only; the runtime builds the method from the table) and
 * its options interface, `<Class>.<operationId>Options` as the official SDK names it. An operation under several
 * tags has the interface in its first tag's class; the others alias it (`owner` names that class).
 */
function compatMethod(
  op: ApiOperation,
  namer: TypeNamer,
  className: string,
  owner: string,
): { method: string[]; options: string } {
  const required = op.params.filter((p) => p.required);
  const optional = op.params.filter((p) => !p.required);
  const used = new Set<string>(['opts', 'M']);
  const names = new Map<ApiParam, string>();
  for (const p of required) {
    let name = argName(p);
    while (used.has(name)) name = `${name}_`;
    used.add(name);
    names.set(p, name);
  }
  const nameOf = (p: ApiParam) => names.get(p) as string;
  const args = required.map((p) => `${nameOf(p)}: ${paramTsType(p, namer)}`);
  // Like the official SDK, every method takes `opts`; `customHeaders` there become per-call headers.
  const members: string[] = [];
  for (const p of optional) {
    const type = paramTsType(p, namer);
    members.push(`${propertyKey(p.key)}?: ${type}`);
    if (p.in !== 'body' && p.name !== p.key) members.push(`${quote(p.name)}?: ${type}`);
  }
  members.push('customHeaders?: Record<string, string>');
  const optionsName = `${op.id}Options`;
  args.push(`opts?: ${className}.${optionsName}`);
  const doc: string[] = [];
  if (op.deprecated) doc.push('  /** @deprecated Deprecated by the API definition. */');
  if (op.preview) doc.push('  /** @experimental Preview API: may change or disappear without notice. */');
  return {
    method: [...doc, `  ${op.id}(${args.join(', ')}): Promise<${returnTsType(op, namer)}>;`],
    options:
      owner === className
        ? `  export interface ${optionsName} { ${members.join('; ')} }`
        : `  export type ${optionsName} = $${owner}.${optionsName};`,
  };
}

/**
 * compat/<Tag>Api.ts: the official SDK's class shape. The type is an interface: required parameters positional
 * in spec order, then `opts` with the optional ones under their keys or wire names (the runtime accepts both) and
 * `customHeaders`, typed by the interface `<Class>.<operationId>Options` of a namespace merged with the class.
 * The value is built by the runtime's apiClass() from the compact table of the tag's operations
 * (compat/tables/<Tag>Api.ts, see compat-table.ts), which it reads and parses when the class is first used.
 */
export function emitCompatClass(tag: string, model: ApiModel, namer: TypeNamer): string {
  const ops = model.operations.filter((op) => op.tags.includes(tag));
  const name = apiClassName(tag);
  const ownerOf = (op: ApiOperation) => apiClassName(op.tags[0] as string);
  const members = ops.map((op) => compatMethod(op, namer, name, ownerOf(op)));
  const owners = [...new Set(ops.map(ownerOf))].filter((o) => o !== name).sort();
  const text = members.flatMap((m) => m.method).join('\n');
  const options = members.map((m) => m.options).join('\n');
  const lines = [
    HEADER,
    "import { type ApiClass, apiClass } from '../../compat/api-class';",
    "import type { OperationInvoker } from '../../runtime/descriptor';",
  ];
  if (/\bM\./.test(text + options)) lines.push("import type * as M from '../models';");
  for (const o of owners) lines.push(`import type { ${o} as $${o} } from './${o}';`);
  lines.push(`import table from './tables/${name}';`);
  lines.push(
    '',
    `export interface ${name} {`,
    '  /** The client the methods call: the one given to the constructor, else `ApiClient.instance`. */',
    '  readonly apiClient: OperationInvoker;',
    text,
    '}',
    '',
    `/** The options of each method (\`${name}.getXOptions\`), named as in the official SDK. */`,
    `export declare namespace ${name} {`,
    options,
    '}',
    '',
    `/** The official SDK's \`${name}\`: \`new ${name}(apiClient?)\`; methods are built on first use. */`,
    `export const ${name}: ApiClass<${name}> = /* @__PURE__ */ apiClass(${JSON.stringify(name)}, ${JSON.stringify(tag)}, table);`,
    '',
  );
  return lines.join('\n');
}

/**
 * compat/tables/<Tag>Api.ts: the tag's operations as one compact JSON text (see compat-table.ts), returned by a
 * function. A module of its own, so that a build can load it when the class is first used rather than compile
 * every class's table at import (the CommonJS build of @skyport/genesys-cloud requires it on first use); inside a
 * function, the text is not materialised when a bundle that inlines it is loaded.
 */
export function emitCompatTable(tag: string, model: ApiModel, namer: TypeNamer): string {
  const ops = model.operations.filter((op) => op.tags.includes(tag));
  const table = encodeTable(
    ops.map((op) => descriptorData(op, model, namer)),
    tag,
  );
  return [
    HEADER,
    `/** The operations of \`${apiClassName(tag)}\` (tag ${JSON.stringify(tag)}) as a compact table. */`,
    'export default function table(): string {',
    `  return ${JSON.stringify(table)};`,
    '}',
    '',
  ].join('\n');
}

export function emitCompatIndex(model: ApiModel): string {
  const lines = [HEADER];
  for (const tag of model.tags) lines.push(`export { ${apiClassName(tag)} } from './${apiClassName(tag)}';`);
  return `${lines.join('\n')}\n`;
}

/**
 * `apiClasses()`: every API class by name, built on call (no module-level namespace object), so a bundle that
 * imports single classes can drop the rest; the compat entry uses it for its default export.
 */
export function emitCompatClasses(model: ApiModel): string {
  const names = model.tags.map(apiClassName);
  const lines = [HEADER];
  for (const name of names) lines.push(`import { ${name} } from './${name}';`);
  lines.push('');
  lines.push('/** Every API class of the official SDK, by name. */');
  lines.push('export function apiClasses() {');
  lines.push('  return {');
  for (const name of names) lines.push(`    ${name},`);
  lines.push('  };');
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
