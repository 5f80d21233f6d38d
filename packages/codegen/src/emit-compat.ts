import { descriptorName, paramTsType, returnTsType } from './emit-operations';
import { HEADER } from './header';
import type { ApiModel, ApiOperation } from './model';
import { apiClassName, propertyKey, quote, tagFileName } from './naming';
import type { TypeNamer } from './types';

/** Variable name for a positional argument (keys are safe identifiers; avoid the names the method uses). */
function argName(key: string): string {
  return key === 'opts' || key === 'M' ? `${key}_` : key;
}

function compatMethod(op: ApiOperation, namer: TypeNamer): string[] {
  const required = op.params.filter((p) => p.required);
  const optional = op.params.filter((p) => !p.required);
  const args = required.map((p) => `${argName(p.key)}: ${paramTsType(p, namer)}`);
  if (optional.length) {
    const members: string[] = [];
    for (const p of optional) {
      const type = paramTsType(p, namer);
      members.push(`${propertyKey(p.key)}?: ${type}`);
      if (p.in !== 'body' && p.name !== p.key) members.push(`${quote(p.name)}?: ${type}`);
    }
    args.push(`opts?: { ${members.join('; ')} }`);
  }
  const fields = required.map((p) => (argName(p.key) === p.key ? p.key : `${p.key}: ${argName(p.key)}`));
  const argsExpr = optional.length
    ? `{ ...opts${fields.map((f) => `, ${f}`).join('')} }`
    : required.length
      ? `{ ${fields.join(', ')} }`
      : 'undefined';
  const doc: string[] = [];
  if (op.deprecated) doc.push('  /** @deprecated Deprecated by the API definition. */');
  if (op.preview) doc.push('  /** @experimental Preview API: may change or disappear without notice. */');
  return [
    ...doc,
    `  ${op.id}(${args.join(', ')}): Promise<${returnTsType(op, namer)}> {`,
    `    return this.apiClient.call(${descriptorName(op)}, ${argsExpr});`,
    '  }',
  ];
}

/**
 * compat/<Tag>Api.ts: the official SDK's class shape. Required parameters are positional in spec order, then
 * `opts` with the optional ones under their keys or wire names (the runtime accepts both).
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
