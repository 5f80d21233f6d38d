import type { Schema } from './model';
import { propertyKey, quote, typeName } from './naming';

/** Maps definition names to unique TypeScript type names and renders schemas as TypeScript types. */
export class TypeNamer {
  readonly names = new Map<string, string>();

  constructor(definitions: readonly string[]) {
    const used = new Set<string>();
    for (const def of definitions) {
      const base = typeName(def);
      let name = base;
      for (let n = 2; used.has(name); n++) name = `${base}${n}`;
      used.add(name);
      this.names.set(def, name);
    }
  }

  /** TypeScript name of the definition a `$ref` points at. */
  refName(ref: string): string {
    const def = ref.startsWith('#/definitions/') ? ref.slice(14) : ref;
    const name = this.names.get(def);
    if (!name) throw new Error(`unknown definition ${ref}`);
    return name;
  }

  /**
   * Renders a schema as a TypeScript type. `prefix` qualifies model names (`M.` outside the models module).
   * `indent` is used for inline object literals.
   */
  render(schema: Schema | null | undefined, prefix = '', indent = ''): string {
    const base = this.renderBase(schema, prefix, indent);
    return schema?.nullable === true && base !== 'unknown' ? `${base} | null` : base;
  }

  private renderBase(schema: Schema | null | undefined, prefix: string, indent: string): string {
    if (!schema) return 'unknown';
    if (typeof schema.$ref === 'string') return `${prefix}${this.refName(schema.$ref)}`;
    if (Array.isArray(schema.enum) && schema.enum.length > 0) {
      const literals = [
        ...new Set(schema.enum.map((v) => (typeof v === 'string' ? quote(v) : JSON.stringify(v)))),
      ];
      return literals.join(' | ');
    }
    if (schema.allOf?.length)
      return schema.allOf.map((s) => wrap(this.render(s, prefix, indent))).join(' & ');
    const union = schema.oneOf ?? schema.anyOf;
    if (union?.length) return union.map((s) => wrap(this.render(s, prefix, indent))).join(' | ');
    const type = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
    if (type.length > 1) {
      return type.map((t) => wrap(this.render({ ...schema, type: t }, prefix, indent))).join(' | ');
    }
    switch (type[0]) {
      case 'string':
        return schema.format === 'binary' ? 'Blob' : 'string';
      case 'number':
      case 'integer':
        return 'number';
      case 'boolean':
        return 'boolean';
      case 'null':
        return 'null';
      case 'file':
        return 'Blob';
      case 'array':
        return `Array<${this.render(schema.items, prefix, indent)}>`;
      case 'object':
      case undefined:
        return this.renderObject(schema, prefix, indent, type[0] === 'object');
      default:
        return 'unknown';
    }
  }

  private renderObject(schema: Schema, prefix: string, indent: string, declaredObject: boolean): string {
    const props = schema.properties ?? {};
    const names = Object.keys(props);
    const extra = this.additional(schema, prefix, indent);
    if (names.length === 0) {
      if (extra) return `{ [key: string]: ${extra} }`;
      return declaredObject ? 'object' : 'unknown';
    }
    const inner = `${indent}  `;
    const lines = this.members(schema, prefix, inner);
    if (extra) lines.push(`${inner}[key: string]: unknown;`);
    return `{\n${lines.join('\n')}\n${indent}}`;
  }

  /** Type of additional properties, or undefined when the schema allows none. */
  additional(schema: Schema, prefix: string, indent: string): string | undefined {
    const ap = schema.additionalProperties;
    if (ap === undefined || ap === false) return undefined;
    if (ap === true || Object.keys(ap).length === 0) return 'unknown';
    return this.render(ap, prefix, indent);
  }

  /** One `name?: Type;` line per property, in spec order. */
  members(schema: Schema, prefix: string, indent: string): string[] {
    const required = new Set(schema.required ?? []);
    return Object.entries(schema.properties ?? {}).map(
      ([name, prop]) =>
        `${indent}${propertyKey(name)}${required.has(name) ? '' : '?'}: ${this.render(prop, prefix, indent)};`,
    );
  }
}

function wrap(type: string): string {
  return /[|&]/.test(type) && !type.startsWith('{') ? `(${type})` : type;
}
