import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { randomId } from '../random.js';

type Schema = Record<string, unknown>;

export interface SpecParam {
  name: string;
  key: string;
  in: 'path' | 'query' | 'header' | 'body' | 'formData';
  required: boolean;
  schema: Schema;
}

export interface SpecOperation {
  id: string;
  method: string;
  path: string;
  params: SpecParam[];
  body: { required: boolean; schema: Schema } | null;
  responses: Record<string, Schema | null>;
}

export interface SpecTables {
  operations: SpecOperation[];
  definitions: Record<string, Schema>;
}

let cached: SpecTables | undefined;

/**
 * Reads the tables shipped by @skyport/genesys-cloud (a dependency of the sandbox) once per process. Throws when they
 * cannot be read, naming the files: a sandbox quietly serving 404s for every spec-driven route would be worse.
 */
export function loadDefaultTables(): SpecTables {
  if (cached) return cached;
  let dir = '@skyport/genesys-cloud/tables';
  try {
    const require = createRequire(import.meta.url);
    dir = join(dirname(require.resolve('@skyport/genesys-cloud/package.json')), 'tables');
    const ops = JSON.parse(readFileSync(join(dir, 'operations.json'), 'utf8')) as {
      operations: SpecOperation[];
    };
    const schemas = JSON.parse(readFileSync(join(dir, 'schemas.json'), 'utf8')) as {
      definitions: Record<string, Schema>;
    };
    cached = { operations: ops.operations, definitions: schemas.definitions };
  } catch (error) {
    throw new Error(
      `@skyport/sandbox: cannot read the Genesys spec tables in ${dir} (${(error as Error).message}); ` +
        'reinstall @skyport/genesys-cloud, pass genesysTables, or genesysTables: false to serve only the stateful routes',
      { cause: error },
    );
  }
  return cached;
}

interface Compiled {
  op: SpecOperation;
  segments: (string | { param: string })[];
  body?: ValidateFunction;
}

export interface SpecMatch {
  op: SpecOperation;
  pathParams: Record<string, string>;
}

/** Routes requests to spec operations (literal segments beat parameters) and validates them. */
export class SpecRouter {
  private readonly byKey = new Map<string, Compiled[]>();
  private ajv: Ajv | undefined;

  constructor(private readonly tables: SpecTables) {
    for (const op of tables.operations) {
      const segments = op.path
        .split('/')
        .filter(Boolean)
        .map((s) => (/^\{.+\}$/.test(s) ? { param: s.slice(1, -1) } : s));
      const key = `${op.method.toUpperCase()} ${segments.length}`;
      const list = this.byKey.get(key) ?? [];
      list.push({ op, segments });
      this.byKey.set(key, list);
    }
  }

  match(method: string, path: string): (SpecMatch & { compiled: Compiled }) | undefined {
    const parts = path.split('/').filter(Boolean);
    const list = this.byKey.get(`${method.toUpperCase()} ${parts.length}`);
    if (!list) return undefined;
    let best: Compiled | undefined;
    let bestScore = '';
    for (const c of list) {
      let score = '';
      let ok = true;
      for (let i = 0; i < parts.length; i++) {
        const seg = c.segments[i];
        if (typeof seg === 'string') {
          if (seg !== parts[i]) {
            ok = false;
            break;
          }
          score += '1';
        } else score += '0';
      }
      if (ok && score > bestScore) {
        best = c;
        bestScore = score;
      }
    }
    if (!best) return undefined;
    const pathParams: Record<string, string> = {};
    best.segments.forEach((seg, i) => {
      if (typeof seg !== 'string') pathParams[seg.param] = decodeURIComponent(parts[i] as string);
    });
    return { op: best.op, pathParams, compiled: best };
  }

  /** Returns a message naming the offending field, or undefined when the request is valid. */
  validate(
    m: SpecMatch & { compiled: Compiled },
    query: Record<string, unknown>,
    body: unknown,
    hasBody: boolean,
  ): string | undefined {
    for (const p of m.op.params) {
      const raw = p.in === 'path' ? m.pathParams[p.name] : p.in === 'query' ? query[p.name] : undefined;
      if (p.in !== 'path' && p.in !== 'query') continue;
      if (raw === undefined || raw === '') {
        if (p.required) return `${p.in} parameter ${p.name} is required`;
        continue;
      }
      const values = Array.isArray(raw) ? raw : p.schema.type === 'array' ? String(raw).split(',') : [raw];
      const item = (p.schema.type === 'array' ? (p.schema.items as Schema | undefined) : p.schema) ?? {};
      for (const v of values) {
        const s = String(v);
        if (
          (item.type === 'integer' && !/^-?\d+$/.test(s)) ||
          (item.type === 'number' && Number.isNaN(Number(s)))
        ) {
          return `${p.in} parameter ${p.name} must be ${item.type === 'integer' ? 'an integer' : 'a number'} (got ${JSON.stringify(s)})`;
        }
        if (item.type === 'boolean' && s !== 'true' && s !== 'false') {
          return `${p.in} parameter ${p.name} must be true or false (got ${JSON.stringify(s)})`;
        }
        if (Array.isArray(item.enum) && !item.enum.includes(s)) {
          return `${p.in} parameter ${p.name} must be one of ${item.enum.join(', ')} (got ${JSON.stringify(s)})`;
        }
      }
    }
    const spec = m.op.body;
    if (spec) {
      if (!hasBody) return spec.required ? 'body is required' : undefined;
      m.compiled.body ??= this.compileBody(spec.schema);
      const validate = m.compiled.body;
      if (!validate(body)) {
        const e = validate.errors?.[0];
        const where = `body${(e?.instancePath ?? '').replace(/\//g, '.')}`;
        const extra =
          e?.keyword === 'required' ? `.${(e.params as { missingProperty: string }).missingProperty}` : '';
        return `${where}${extra} ${e?.keyword === 'required' ? 'is required' : (e?.message ?? 'is invalid')}`;
      }
    }
    return undefined;
  }

  private compileBody(schema: Schema): ValidateFunction {
    if (!this.ajv) {
      this.ajv = new Ajv({ strict: false, allErrors: false, validateFormats: true, logger: false });
      addFormats.default
        ? addFormats.default(this.ajv)
        : (addFormats as unknown as (a: Ajv) => void)(this.ajv);
      this.ajv.addSchema({ $id: 'genesys', definitions: this.tables.definitions });
    }
    const rewritten = JSON.parse(
      JSON.stringify(schema).replace(/"#\/definitions\//g, '"genesys#/definitions/'),
    );
    return this.ajv.compile(rewritten);
  }

  /**
   * Deterministic example conforming to the operation's success schema. Property names refine the generic types
   * (ids are UUIDs, `*Uri` are paths, `date*` are ISO dates, counts and versions are integers) and listings get
   * coherent paging from the request's `pageSize`/`pageNumber`.
   */
  example(
    op: SpecOperation,
    random: () => number,
    request?: { path: string; query: Record<string, unknown> },
  ): { status: number; body: unknown } {
    const status = Object.keys(op.responses)
      .map(Number)
      .filter((s) => s >= 200 && s < 300)
      .sort((a, b) => a - b)[0];
    const schema = status !== undefined ? op.responses[String(status)] : null;
    if (status === undefined) return { status: 204, body: undefined };
    if (!schema) return { status, body: undefined };
    this.budget = 1500;
    const body = this.generate(schema, random, 0, '');
    if (request && body && typeof body === 'object' && !Array.isArray(body)) {
      const b = body as Record<string, unknown>;
      if (Array.isArray(b.entities) && 'pageSize' in b) {
        const int = (v: unknown, d: number) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : d);
        const pageSize = int(request.query.pageSize, 25);
        const pageNumber = int(request.query.pageNumber, 1);
        const uri = (n: number) => `${request.path}?pageSize=${pageSize}&pageNumber=${n}`;
        Object.assign(b, {
          pageSize,
          pageNumber,
          total: (pageNumber - 1) * pageSize + b.entities.length,
          pageCount: pageNumber,
          firstUri: uri(1),
          selfUri: uri(pageNumber),
          lastUri: uri(pageNumber),
        });
        delete b.nextUri;
        if (pageNumber > 1) b.previousUri = uri(pageNumber - 1);
        else delete b.previousUri;
      } else if ('selfUri' in b) {
        b.selfUri = request.path;
      }
    }
    return { status, body };
  }

  /** Values left to generate for the current example (bounds bodies of wide, deep schemas). */
  private budget = 0;

  private generate(schema: Schema, random: () => number, depth: number, name: string): unknown {
    this.budget -= 1;
    const ref = schema.$ref;
    if (typeof ref === 'string') {
      const def = this.tables.definitions[ref.replace('#/definitions/', '')];
      return def && depth < 8 ? this.generate(def, random, depth + 1, name) : {};
    }
    if (Array.isArray(schema.enum) && schema.enum.length > 0)
      return schema.enum[Math.floor(random() * schema.enum.length)];
    switch (schema.type) {
      case 'integer':
        return Math.floor(random() * 1000);
      case 'number':
        return /(count|size|number|total|version|index|seconds|ms|minutes|hours|days|port)$/i.test(name)
          ? 1 + Math.floor(random() * 100)
          : Math.round(random() * 100000) / 100;
      case 'boolean':
        return random() < 0.5;
      case 'array':
        return depth < 6 && this.budget > 0 && schema.items
          ? [this.generate(schema.items as Schema, random, depth + 1, name)]
          : [];
      case 'string':
        if (
          schema.format === 'date-time' ||
          /^date|Date$|Time$|^(created|modified|updated|expires)/.test(name)
        )
          return new Date(1_700_000_000_000 + Math.floor(random() * 1e10)).toISOString();
        if (schema.format === 'date') return '2024-01-01';
        if (schema.format === 'uri') return 'https://example.invalid/resource';
        if (name === 'id' || /Id$/.test(name)) return randomId(random);
        if (/Uri$|^uri$/.test(name)) return `/api/v2/sandbox/${randomId(random)}`;
        if (/email/i.test(name)) return `user${Math.floor(random() * 1000)}@sandbox.example`;
        return `sandbox-${Math.floor(random() * 1e6).toString(36)}`;
      default: {
        const props = (schema.properties ?? {}) as Record<string, Schema>;
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(props)) {
          const required = (schema.required as string[] | undefined)?.includes(k);
          if (!required && (depth >= 7 || this.budget <= 0)) continue;
          out[k] = this.generate(v, random, depth + 1, k);
        }
        return out;
      }
    }
  }
}
