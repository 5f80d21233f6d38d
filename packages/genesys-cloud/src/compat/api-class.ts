// The API classes of the compat layer (UsersApi, …), built from compact generated tables. Importing the compat
// entry defines all 87 classes, but each is only an empty class until its prototype is first used (`new`,
// `instanceof`, `X.prototype`, `extends`): then its table (one JSON string returned by the generated
// compat/tables/<Class>.ts, see packages/codegen/src/compat-table.ts) is read and parsed and one method per operation
// is put on the prototype. The CommonJS build loads each table only then, as a JSON file Node parses itself (see
// tsup.config.ts); a method decodes its operation's descriptor on
// its first call. So an application pays for the classes and operations it uses, not for 3,468 methods and their
// descriptors at import.
//
// This file must only import ../runtime/descriptor: the generator's tests copy both files beside fresh output.
import type {
  CallOptions,
  OperationDescriptor,
  OperationInvoker,
  PagingStyle,
  ParamDescriptor,
} from '../runtime/descriptor';
import { defaultInvoker } from '../runtime/descriptor';

/** The constructor type of a compat API class (`new UsersApi(apiClient?)`). */
export interface ApiClass<T> {
  new (apiClient?: OperationInvoker): T;
  readonly prototype: T;
}

type Row = unknown[];

const IN: Readonly<Record<string, ParamDescriptor['in']>> = {
  p: 'path',
  q: 'query',
  h: 'header',
  b: 'body',
  f: 'formData',
};
const JSON_ONLY: readonly string[] = ['application/json'];

/** Thrown when a table cannot be read: a bug of the generator or a hand-edited file, never of user input. */
function broken(className: string, what: string): never {
  throw new Error(`compat table of ${className} is malformed: ${what}`);
}

function mediaTypes(cell: unknown): readonly string[] | undefined {
  if (cell === 1) return [...JSON_ONLY];
  return Array.isArray(cell) ? (cell as string[]) : undefined;
}

/** A parsed class table: distinct parameter rows, operation rows (params as indexes), decoded parameters. */
export interface Table {
  readonly tag: string;
  readonly className: string;
  readonly params: readonly Row[];
  readonly rows: readonly Row[];
  readonly decoded: (ParamDescriptor | undefined)[];
}

/**
 * Parses a class's table text (see packages/codegen/src/compat-table.ts), or checks the already parsed value (the
 * CommonJS build requires each table as a JSON file).
 */
export function parseTable(source: unknown, tag: string, className = tag): Table {
  const parsed: unknown = typeof source === 'string' ? JSON.parse(source) : source;
  if (!Array.isArray(parsed) || !Array.isArray(parsed[0]) || !Array.isArray(parsed[1])) {
    broken(className, 'not [parameters, operations]');
  }
  for (const row of parsed[1] as unknown[]) {
    if (!Array.isArray(row)) broken(className, `row ${JSON.stringify(row)}`);
  }
  return { tag, className, params: parsed[0] as Row[], rows: parsed[1] as Row[], decoded: [] };
}

/** The parameter row at `index` of the table. */
function paramRow(t: Table, index: unknown): Row {
  const row = t.params[index as number];
  if (!Array.isArray(row) || typeof row[0] !== 'string')
    broken(t.className, `parameter ${JSON.stringify(index)}`);
  return row;
}

function decodeParam(t: Table, index: number): ParamDescriptor {
  const cached = t.decoded[index];
  if (cached) return cached;
  const row = paramRow(t, index);
  const [name, key, where, required, type, items, values, format, collectionFormat] = row;
  const location = IN[where as string];
  if (!location) broken(t.className, `parameter ${JSON.stringify(row)}`);
  const p: Record<string, unknown> = { name, key: key || name, in: location };
  if (required) p.required = true;
  if (type) p.type = type;
  if (items) p.items = items;
  if (values) p.enum = values;
  if (format) p.format = format;
  if (collectionFormat) p.collectionFormat = collectionFormat;
  t.decoded[index] = p as unknown as ParamDescriptor;
  return p as unknown as ParamDescriptor;
}

/** One operation row → the operation's descriptor (equal to the `<id>Operation` of api/<tag>.ts). */
export function decodeOperation(t: Table, row: Row): OperationDescriptor {
  const [id, method, path, params, responseType, responseModel, consumes, produces, flags, paging, tags] =
    row;
  if (typeof id !== 'string' || typeof path !== 'string' || !Array.isArray(params)) {
    broken(t.className, `operation ${JSON.stringify(row).slice(0, 80)}`);
  }
  const d: Record<string, unknown> = {
    id,
    method,
    path,
    tags: Array.isArray(tags) ? tags : [t.tag],
    params: (params as number[]).map((i) => decodeParam(t, i)),
    responseType,
  };
  const c = mediaTypes(consumes);
  if (c) d.consumes = c;
  const pr = mediaTypes(produces);
  if (pr) d.produces = pr;
  if (responseModel) d.responseModel = responseModel;
  if ((flags as number) & 1) d.deprecated = true;
  if ((flags as number) & 2) d.preview = true;
  if (paging) d.paging = paging as PagingStyle;
  return d as unknown as OperationDescriptor;
}

/** Every operation descriptor of a class's table. */
export function decodeTable(text: string, tag: string, className = tag): OperationDescriptor[] {
  const t = parseTable(text, tag, className);
  return t.rows.map((row) => decodeOperation(t, row));
}

interface Api {
  readonly apiClient: OperationInvoker;
}
type Opts = { customHeaders?: Record<string, string> } | undefined;

function init(opts: Opts): CallOptions | undefined {
  const headers = opts?.customHeaders;
  return headers ? { headers } : undefined;
}

/**
 * The method of one operation: required parameters positional (in descriptor order), then `opts`, whose
 * `customHeaders` become per-call headers. `length` is the official method's (positional count + 1). The
 * descriptor is decoded from the row on the first call.
 */
function method(t: Table, row: Row): (this: Api, ...args: unknown[]) => Promise<unknown> {
  const [id, , , params] = row;
  if (typeof id !== 'string' || !Array.isArray(params)) {
    broken(t.className, `operation ${JSON.stringify(row).slice(0, 80)}`);
  }
  const keys: string[] = [];
  for (const i of params) {
    const p = paramRow(t, i);
    if (p[3]) keys.push((p[1] || p[0]) as string);
  }
  let decoded: OperationDescriptor | undefined;
  const descriptor = () => {
    decoded ??= decodeOperation(t, row);
    return decoded;
  };
  const [k0, k1, k2, k3] = keys as [string, string, string, string];
  // Object literals with computed keys name the functions after the operation (as class methods are named).
  const n = id;
  switch (keys.length) {
    case 0:
      return {
        [n](this: Api, opts?: Opts) {
          return this.apiClient.call(decoded ?? descriptor(), opts, init(opts));
        },
      }[n] as (this: Api, ...args: unknown[]) => Promise<unknown>;
    case 1:
      return {
        [n](this: Api, a: unknown, opts?: Opts) {
          const args: Record<string, unknown> = { ...opts };
          args[k0] = a;
          return this.apiClient.call(decoded ?? descriptor(), args, init(opts));
        },
      }[n] as (this: Api, ...args: unknown[]) => Promise<unknown>;
    case 2:
      return {
        [n](this: Api, a: unknown, b: unknown, opts?: Opts) {
          const args: Record<string, unknown> = { ...opts };
          args[k0] = a;
          args[k1] = b;
          return this.apiClient.call(decoded ?? descriptor(), args, init(opts));
        },
      }[n] as (this: Api, ...args: unknown[]) => Promise<unknown>;
    case 3:
      return {
        [n](this: Api, a: unknown, b: unknown, c: unknown, opts?: Opts) {
          const args: Record<string, unknown> = { ...opts };
          args[k0] = a;
          args[k1] = b;
          args[k2] = c;
          return this.apiClient.call(decoded ?? descriptor(), args, init(opts));
        },
      }[n] as (this: Api, ...args: unknown[]) => Promise<unknown>;
    case 4:
      return {
        [n](this: Api, a: unknown, b: unknown, c: unknown, d: unknown, opts?: Opts) {
          const args: Record<string, unknown> = { ...opts };
          args[k0] = a;
          args[k1] = b;
          args[k2] = c;
          args[k3] = d;
          return this.apiClient.call(decoded ?? descriptor(), args, init(opts));
        },
      }[n] as (this: Api, ...args: unknown[]) => Promise<unknown>;
    default: {
      const count = keys.length;
      const fn = {
        [n](this: Api, ...values: unknown[]) {
          const opts = values[count] as Opts;
          const args: Record<string, unknown> = { ...opts };
          for (let i = 0; i < count; i++) args[keys[i] as string] = values[i];
          return this.apiClient.call(decoded ?? descriptor(), args, init(opts));
        },
      }[n] as (this: Api, ...args: unknown[]) => Promise<unknown>;
      Object.defineProperty(fn, 'length', { value: count + 1 });
      return fn;
    }
  }
}

/**
 * A compat API class named `className` for the operations of `tag` in the table `table()` returns (its JSON text, or
 * the parsed value; called once, on the class's first use). The class is a Proxy of a plain
 * class, only so that the first read of its `prototype` (which `new`, `instanceof` and `extends` all do) installs
 * the methods; instances and their method calls never go through the Proxy.
 */
export function apiClass<T>(className: string, tag: string, table: () => unknown): ApiClass<T> {
  const Cls = class {
    readonly apiClient: OperationInvoker;
    /** Uses the given client, else the default registered by the compat entry (`ApiClient.instance`). */
    constructor(apiClient?: OperationInvoker) {
      this.apiClient = apiClient ?? defaultInvoker();
    }
  } as new (
    apiClient?: OperationInvoker,
  ) => Api;
  // Named like the official class (a computed key would cost a hidden class per name at import).
  Object.defineProperty(Cls, 'name', { value: className });
  let installed = false;
  const install = () => {
    const proto = Cls.prototype as Record<string, unknown>;
    const t = parseTable(table(), tag, className);
    // Adding and deleting a property puts the prototype in dictionary mode first, so the hundreds of definitions
    // below are table inserts rather than a new hidden class each (about half the cost of building a class).
    proto.__building__ = true;
    delete proto.__building__;
    for (const row of t.rows) {
      Object.defineProperty(proto, row[0] as string, {
        value: method(t, row),
        writable: true,
        enumerable: false,
        configurable: true,
      });
    }
    installed = true;
  };
  return new Proxy(Cls, {
    get(target, prop, receiver) {
      if (prop === 'prototype' && !installed) install();
      return Reflect.get(target, prop, receiver);
    },
    getOwnPropertyDescriptor(target, prop) {
      if (prop === 'prototype' && !installed) install();
      return Reflect.getOwnPropertyDescriptor(target, prop);
    },
  }) as unknown as ApiClass<T>;
}
