// `skyport gc <operationId> --<param> value …`: command-line words → the options object of one operation, checked
// against its generated descriptor (types, required, enums, arrays) so mistakes fail before anything is sent.
import { existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { OperationDescriptor, ParamDescriptor } from '@skyport/genesys-cloud';
import { UsageError } from '../errors.js';

/** Flags of `skyport gc` itself. A parameter of the operation with the same name wins (give globals before `gc`). */
export const RESERVED_VALUE_FLAGS = ['output', 'profile', 'env', 'body'] as const;
export const RESERVED_SWITCHES = ['all', 'debug', 'help', 'list'] as const;

export interface GcGlobals {
  output?: string;
  profile?: string;
  env?: string;
  debug?: boolean;
}

/** What the words after `gc` ask for, before the operation is known. */
export interface GcRequest {
  operationId?: string;
  /** `--list [filter…]`: the filter words (empty for all). */
  list?: string[];
  help: boolean;
  all: boolean;
  /** `--body` value: a file, `-` for stdin, or inline JSON. */
  body?: string;
  globals: GcGlobals;
  /** Words after the operation id, parsed once the descriptor is known. */
  rest: string[];
}

function isFlag(word: string): boolean {
  return word.startsWith('-') && word.length > 1 && !/^-\d/.test(word);
}

function splitFlag(word: string): { name: string; inline?: string } {
  const bare = word.replace(/^--?/, '');
  const eq = bare.indexOf('=');
  return eq < 0 ? { name: bare } : { name: bare.slice(0, eq), inline: bare.slice(eq + 1) };
}

/** Takes a flag's value: `--x=v`, else the next word when it is not itself a flag. */
function takeValue(flag: string, inline: string | undefined, words: string[]): string {
  if (inline !== undefined) return inline;
  const next = words[0];
  if (next === undefined || (next.startsWith('--') && next.length > 2)) {
    throw new UsageError(`${flag} needs a value`);
  }
  words.shift();
  return next;
}

/** Applies a reserved flag; false when `name` is not one. */
function applyReserved(
  req: GcRequest,
  flag: string,
  name: string,
  inline: string | undefined,
  words: string[],
): boolean {
  switch (name) {
    case 'output':
    case 'profile':
    case 'env':
      req.globals[name] = takeValue(flag, inline, words);
      return true;
    case 'body':
      if (req.body !== undefined) throw new UsageError('--body given twice');
      req.body = takeValue(flag, inline, words);
      return true;
    case 'all':
      req.all = true;
      return true;
    case 'debug':
      req.globals.debug = true;
      return true;
    case 'help':
    case 'h':
      req.help = true;
      return true;
    case 'list':
      req.list = [];
      if (inline !== undefined) req.list.push(inline);
      return true;
    default:
      return false;
  }
}

/**
 * First pass over the words after `gc`: the operation id (the first bare word) and the flags of `gc` itself given
 * before it. Everything after the id is kept for {@link parseOperationArgs}, which knows the operation's parameters.
 */
export function parseGcWords(words: readonly string[]): GcRequest {
  const req: GcRequest = { help: false, all: false, globals: {}, rest: [] };
  const queue = [...words];
  while (queue.length > 0) {
    const word = queue.shift() as string;
    if (word === '--') {
      if (req.list) req.list.push(...queue);
      else if (!req.operationId && queue.length > 0) {
        req.operationId = queue.shift();
        req.rest = queue.splice(0);
      }
      break;
    }
    if (!isFlag(word)) {
      if (req.list) {
        req.list.push(word);
        continue;
      }
      req.operationId = word;
      req.rest = queue.splice(0);
      break;
    }
    const { name, inline } = splitFlag(word);
    if (!applyReserved(req, word, name, inline, queue)) {
      throw new UsageError(
        `${word} before the operation id: write \`skyport gc <operationId> ${word} …\` (see \`skyport gc --list\`)`,
      );
    }
  }
  return req;
}

/** `ifMatch`, `If-Match`, `if-match` and `if_match` all name the same parameter. */
function normal(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The parameter a flag names: exact key or wire name first, then spelling variants (kebab-case, any case). */
export function findParam(op: OperationDescriptor, flagName: string): ParamDescriptor | undefined {
  const params = op.params.filter((p) => p.in !== 'body');
  const exact = params.find((p) => p.key === flagName || p.name === flagName);
  if (exact) return exact;
  const n = normal(flagName);
  const loose = params.filter((p) => normal(p.key) === n || normal(p.name) === n);
  return loose.length === 1 ? loose[0] : undefined;
}

/** The flag shown for a parameter in help and errors: the wire name when it is a plain word, else the key. */
export function flagOf(param: ParamDescriptor): string {
  return `--${/^[A-Za-z][A-Za-z0-9_-]*$/.test(param.name) ? param.name : param.key}`;
}

function where(op: OperationDescriptor, param: ParamDescriptor): string {
  return `${op.id} ${flagOf(param)}`;
}

function convertScalar(
  op: OperationDescriptor,
  param: ParamDescriptor,
  type: ParamDescriptor['type'],
  raw: string,
): unknown {
  const bad = (expected: string) =>
    new UsageError(`${where(op, param)}: expected ${expected}, got ${JSON.stringify(raw)}`);
  switch (type) {
    case 'integer':
      if (!/^-?\d+$/.test(raw)) throw bad('an integer');
      return Number(raw);
    case 'number': {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n)) throw bad('a number');
      return n;
    }
    case 'boolean':
      if (raw === 'true') return true;
      if (raw === 'false') return false;
      throw bad('true or false');
    case 'object':
      try {
        return JSON.parse(raw);
      } catch {
        throw bad('JSON');
      }
    case 'file': {
      if (!existsSync(raw) || !statSync(raw).isFile()) {
        throw new UsageError(`${where(op, param)}: no such file ${JSON.stringify(raw)}`);
      }
      return { data: raw, filename: basename(raw) };
    }
    default: {
      if (param.enum && param.enum.length > 0) {
        const match =
          param.enum.find((e) => e === raw) ?? param.enum.find((e) => e.toLowerCase() === raw.toLowerCase());
        if (match === undefined) {
          throw new UsageError(
            `${where(op, param)}: ${JSON.stringify(raw)} is not one of ${param.enum.join(', ')}`,
          );
        }
        return match;
      }
      if (param.format === 'date-time' && Number.isNaN(Date.parse(raw))) {
        throw bad('a date-time such as 2026-11-23T10:00:00Z');
      }
      return raw;
    }
  }
}

/** Splits `a,b` into items (arrays accept repeated flags and comma-separated lists). */
function arrayItems(raw: string): string[] {
  return raw.split(',').filter((s) => s !== '');
}

export interface OperationArgs {
  /** The options object for the operation (keys are the descriptor's option keys). */
  args: Record<string, unknown>;
  /** Reserved flags given after the operation id (`--output json`, `--all`, `--body file`…). */
  request: GcRequest;
}

/**
 * Second pass: the words after the operation id → its options object. Bare words fill the path parameters not
 * given as flags, in order (`skyport gc getUser 1234`). Fails with a UsageError naming the parameter for an unknown
 * flag, a missing value, a value of the wrong type or outside the enum, and a missing required parameter.
 */
export function parseOperationArgs(op: OperationDescriptor, request: GcRequest): OperationArgs {
  const words = [...request.rest];
  const values = new Map<ParamDescriptor, string[]>();
  const positional: string[] = [];
  while (words.length > 0) {
    const word = words.shift() as string;
    if (word === '--') {
      positional.push(...words.splice(0));
      break;
    }
    if (!isFlag(word)) {
      positional.push(word);
      continue;
    }
    const { name, inline } = splitFlag(word);
    const negated = name.startsWith('no-') ? findParam(op, name.slice(3)) : undefined;
    const param = findParam(op, name) ?? (negated?.type === 'boolean' ? negated : undefined);
    if (!param) {
      if (applyReserved(request, word, name, inline, words)) continue;
      throw new UsageError(`${op.id} has no parameter ${word.split('=')[0]}${suggest(op)}`);
    }
    let raw: string;
    if (param.type === 'boolean') {
      if (param === negated && param !== findParam(op, name)) {
        if (inline !== undefined) throw new UsageError(`${word}: --no-… takes no value`);
        raw = 'false';
      } else if (inline !== undefined) raw = inline;
      else if (words[0] === 'true' || words[0] === 'false') raw = words.shift() as string;
      else raw = 'true';
    } else {
      raw = takeValue(flagOf(param), inline, words);
    }
    const list = values.get(param) ?? [];
    if (list.length > 0 && param.type !== 'array') {
      throw new UsageError(`${where(op, param)} given more than once`);
    }
    list.push(raw);
    values.set(param, list);
  }

  for (const param of op.params.filter((p) => p.in === 'path' && !values.has(p))) {
    const word = positional.shift();
    if (word === undefined) break;
    values.set(param, [word]);
  }
  if (positional.length > 0) {
    throw new UsageError(
      `${op.id}: unexpected argument ${JSON.stringify(positional[0])} (parameters are given as --name value; see \`skyport gc ${op.id} --help\`)`,
    );
  }

  const args: Record<string, unknown> = {};
  for (const [param, raws] of values) {
    if (param.type === 'array') {
      const items = raws.flatMap((r) => (param.items === 'object' ? [r] : arrayItems(r)));
      args[param.key] = items.map((item) => convertScalar(op, param, param.items ?? 'string', item));
    } else {
      args[param.key] = convertScalar(op, param, param.type, raws[0] as string);
    }
  }
  const missing = op.params.filter(
    (p) =>
      p.required && p.in !== 'body' && (args[p.key] === undefined || (p.in === 'path' && args[p.key] === '')),
  );
  if (missing.length > 0) {
    throw new UsageError(
      `${op.id}: missing required parameter${missing.length > 1 ? 's' : ''} ${missing.map(flagOf).join(', ')}`,
    );
  }
  const bodyParam = op.params.find((p) => p.in === 'body');
  if (request.body !== undefined && !bodyParam) {
    throw new UsageError(`${op.id} takes no body (${op.method} ${op.path})`);
  }
  if (bodyParam?.required && request.body === undefined) {
    throw new UsageError(`${op.id}: missing required --body (a JSON file, - for stdin, or inline JSON)`);
  }
  return { args, request };
}

function suggest(op: OperationDescriptor): string {
  const flags = op.params.filter((p) => p.in !== 'body').map(flagOf);
  if (op.params.some((p) => p.in === 'body')) flags.push('--body');
  return flags.length > 0 ? ` (parameters: ${flags.join(', ')})` : ' (it takes no parameters)';
}

/** Parses the `--body` text: JSON, or the raw text for operations whose body is a plain string. */
export function parseBody(op: OperationDescriptor, text: string, source: string): unknown {
  const param = op.params.find((p) => p.in === 'body');
  try {
    return JSON.parse(text);
  } catch (err) {
    if (param?.type === 'string') return text.replace(/\r?\n$/, '');
    throw new UsageError(`${op.id} --body: ${source} is not valid JSON (${(err as Error).message})`);
  }
}
