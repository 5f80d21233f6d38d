/**
 * Identifier rules shared by every emitter.
 *
 * - Option keys: `x-sdk-param-name` when present, else the wire name camel-cased across `.`, `-`, `_`, spaces
 *   (`If-Match` → `ifMatch`, `supportedContent.id` → `supportedContentId`); reserved words and digit-leading
 *   names get a `_` prefix (`delete` → `_delete`, `2fa` → `_2fa`), as the official SDK does.
 * - Model type names: the definition name with invalid characters removed, PascalCase kept, `_` prefix when it
 *   would start with a digit or be a reserved type name; clashes get a numeric suffix (see normalise).
 * - Property names: written bare when they are valid identifiers, quoted otherwise (`'$ref'`, `'x-id'`, `'1st'`).
 * - Tag modules: kebab-case of the tag (`ExternalContacts` → `external-contacts`, `AIStudio` → `ai-studio`,
 *   `SCIM` → `scim`), with the explicit overrides below; compat classes are `<Tag>Api` (`UsersApi`).
 */

export const RESERVED_WORDS: ReadonlySet<string> = new Set([
  'break',
  'case',
  'catch',
  'class',
  'const',
  'continue',
  'debugger',
  'default',
  'delete',
  'do',
  'else',
  'enum',
  'export',
  'extends',
  'false',
  'finally',
  'for',
  'function',
  'if',
  'import',
  'in',
  'instanceof',
  'new',
  'null',
  'return',
  'super',
  'switch',
  'this',
  'throw',
  'true',
  'try',
  'typeof',
  'var',
  'void',
  'while',
  'with',
  'as',
  'implements',
  'interface',
  'let',
  'package',
  'private',
  'protected',
  'public',
  'static',
  'yield',
  'await',
  'arguments',
  'eval',
  'number',
  'string',
  'boolean',
  'object',
  'symbol',
  'bigint',
  'any',
  'unknown',
  'never',
  'undefined',
]);

/** Type names that would shadow built-ins used by generated code. */
const RESERVED_TYPE_NAMES: ReadonlySet<string> = new Set([
  'Array',
  'Record',
  'Promise',
  'Date',
  'Blob',
  'Object',
  'String',
  'Number',
  'Boolean',
  'Function',
  'Symbol',
  'Error',
  'Map',
  'Set',
  'Uint8Array',
  'ArrayBuffer',
  'Partial',
  'Required',
  'Readonly',
  'Pick',
  'Omit',
  'CallOptions',
  'OperationDescriptor',
  'OperationInvoker',
  'M',
]);

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name);
}

/** `If-Match` → `ifMatch`, `supportedContent.id` → `supportedContentId`, `phone_hardwareId` → `phoneHardwareId`. */
export function camelCase(name: string): string {
  const parts = name.split(/[^A-Za-z0-9$]+/).filter((part) => part.length > 0);
  if (parts.length === 0) return '_';
  return parts
    .map((part, index) =>
      index === 0
        ? part.charAt(0).toLowerCase() + part.slice(1)
        : part.charAt(0).toUpperCase() + part.slice(1),
    )
    .join('');
}

/** A safe value identifier (parameter key, variable): camel-cased, `_`-prefixed when reserved or digit-leading. */
export function safeIdentifier(name: string): string {
  let id = isIdentifier(name) ? name : camelCase(name);
  if (/^[0-9]/.test(id) || RESERVED_WORDS.has(id)) id = `_${id}`;
  return id;
}

/** A model type name for a definition name (uniqueness is handled by the caller). */
export function typeName(definition: string): string {
  let name = definition.replace(/[^A-Za-z0-9_$]+(.)?/g, (_m, next: string | undefined) =>
    next ? next.toUpperCase() : '',
  );
  if (name.length === 0) name = 'Model';
  if (/^[0-9]/.test(name) || RESERVED_TYPE_NAMES.has(name) || RESERVED_WORDS.has(name)) name = `_${name}`;
  return name;
}

/** Object property key as written in a type: bare when valid, else a quoted string literal. */
export function propertyKey(name: string): string {
  return isIdentifier(name) && !name.startsWith('$') ? name : quote(name);
}

/** Single-quoted TypeScript string literal. */
export function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;
}

export function pascalCase(name: string): string {
  const camel = camelCase(name);
  return camel.charAt(0).toUpperCase() + camel.slice(1);
}

/** Tags whose kebab-case file name would read badly; everything else follows the rule. */
const TAG_FILE_OVERRIDES: Readonly<Record<string, string>> = { OAuth: 'oauth' };

/** `ExternalContacts` → `external-contacts`, `AIStudio` → `ai-studio`, `SCIM` → `scim`. */
export function tagFileName(tag: string): string {
  const override = TAG_FILE_OVERRIDES[tag];
  if (override) return override;
  const kebab = tag
    .replace(/([a-z])([A-Z])/g, '$1-$2')
    .replace(/([0-9])([A-Z][a-z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
  // `index` is taken by the namespace index of the api folder.
  if (kebab === 'index') return 'index-tag';
  return kebab.length > 0 ? kebab : 'default';
}

/** `Users` → `UsersApi`, `telephony providers` → `TelephonyProvidersApi`. */
export function apiClassName(tag: string): string {
  const base = isIdentifier(tag) ? tag.charAt(0).toUpperCase() + tag.slice(1) : pascalCase(tag);
  return /^[0-9]/.test(base) ? `_${base}Api` : `${base}Api`;
}

/** Operation id usable as a function name; `get /users/{id}` style fallbacks when the spec has none. */
export function operationName(raw: string): string {
  return safeIdentifier(camelCase(raw) === raw ? raw : camelCase(raw));
}

/** `getUsersMe` → `GetUsersMe` (for the Options interface name). */
export function upperFirst(name: string): string {
  const trimmed = name.replace(/^_+/, '');
  return trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
}
