import { descriptorName, paramTsType, returnTsType } from './emit-operations';
import { HEADER } from './header';
import type { ApiModel, ApiOperation, ApiParam } from './model';
import { apiClassName, propertyKey, quote, safeIdentifier, tagFileName } from './naming';
import type { TypeNamer } from './types';

/** Variable name for a positional argument (keys are safe identifiers; avoid the names the method uses). */
function argName(p: ApiParam): string {
  // A required body is named like the official SDK's argument (`dataTableRow`); its args key stays `body`.
  const base = p.in === 'body' ? safeIdentifier(p.name) : p.key;
  return base;
}

function compatMethod(op: ApiOperation, namer: TypeNamer): string[] {
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
  args.push(`opts?: { ${members.join('; ')} }`);
  const fields = required.map((p) => (nameOf(p) === p.key ? p.key : `${p.key}: ${nameOf(p)}`));
  const argsExpr = required.length ? `{ ...opts${fields.map((f) => `, ${f}`).join('')} }` : 'opts';
  const initExpr = 'opts?.customHeaders && { headers: opts.customHeaders }';
  const doc: string[] = [];
  if (op.deprecated) doc.push('  /** @deprecated Deprecated by the API definition. */');
  if (op.preview) doc.push('  /** @experimental Preview API: may change or disappear without notice. */');
  return [
    ...doc,
    `  ${op.id}(${args.join(', ')}): Promise<${returnTsType(op, namer)}> {`,
    `    return this.apiClient.call(${descriptorName(op)}, ${argsExpr}, ${initExpr});`,
    '  }',
  ];
}

/**
 * compat/<Tag>Api.ts: the official SDK's class shape. Required parameters are positional in spec order, then
 * `opts` with the optional ones under their keys or wire names (the runtime accepts both) and `customHeaders`.
 */
export function emitCompatClass(tag: string, model: ApiModel, namer: TypeNamer): string {
  const ops = model.operations.filter((op) => op.tags.includes(tag));
  const imports = new Map<string, string[]>();
  for (const op of ops) {
    const file = tagFileName(op.tags[0] as string);
    imports.set(file, [...(imports.get(file) ?? []), descriptorName(op)]);
  }
  const methods = ops.flatMap((op) => compatMethod(op, namer));
  const text = methods.join('\n');
  const lines = [
    HEADER,
    "import type { OperationInvoker } from '../../runtime/descriptor';",
    "import { defaultInvoker } from '../../runtime/descriptor';",
  ];
  for (const file of [...imports.keys()].sort()) {
    lines.push(`import { ${(imports.get(file) as string[]).sort().join(', ')} } from '../api/${file}';`);
  }
  if (/\bM\./.test(text)) lines.push("import type * as M from '../models';");
  lines.push(
    '',
    `export class ${apiClassName(tag)} {`,
    '  readonly apiClient: OperationInvoker;',
    '',
    '  /** Uses the given client, else the default registered by the compat entry (`ApiClient.instance`). */',
    '  constructor(apiClient?: OperationInvoker) {',
    '    this.apiClient = apiClient ?? defaultInvoker();',
    '  }',
    '',
    text,
    '}',
    '',
  );
  return lines.join('\n');
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
