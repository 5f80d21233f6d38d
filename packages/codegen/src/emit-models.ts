import { HEADER } from './header';
import type { ApiModel } from './model';
import type { TypeNamer } from './types';

/**
 * models.ts: one type per definition, type-only (no runtime code). Objects become interfaces (recursion is
 * free for interfaces), everything else a type alias. Kept in one module: tsc resolves it once for all tags.
 */
export function emitModels(model: ApiModel, namer: TypeNamer): string {
  const out: string[] = [HEADER, ''];
  for (const [def, schema] of Object.entries(model.definitions)) {
    const name = namer.names.get(def) as string;
    const type = Array.isArray(schema.type) ? undefined : schema.type;
    const isObject =
      (type === 'object' || type === undefined) &&
      !schema.$ref &&
      !schema.allOf &&
      !schema.oneOf &&
      !schema.anyOf &&
      !schema.enum &&
      !schema.nullable &&
      (schema.properties !== undefined || type === 'object');
    if (isObject) {
      const extra = namer.additional(schema, '', '  ');
      const members = namer.members(schema, '', '  ');
      if (members.length === 0 && extra) {
        out.push(`export type ${name} = { [key: string]: ${extra} };`, '');
        continue;
      }
      if (extra) members.push('  [key: string]: unknown;');
      out.push(
        members.length
          ? `export interface ${name} {\n${members.join('\n')}\n}`
          : `export interface ${name} {}`,
        '',
      );
    } else {
      out.push(`export type ${name} = ${namer.render(schema, '', '')};`, '');
    }
  }
  return out.join('\n');
}
