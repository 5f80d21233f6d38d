import type { DescriptorData } from './descriptor';

// The compact operation table of a compat API class: one JSON array per operation, decoded by
// packages/genesys-cloud/src/compat/api-class.ts into the very OperationDescriptor that api/<tag>.ts declares.
// A compat class carries its table as one string literal, so loading the compat entry only scans strings; a
// class parses its own table the first time its prototype is used.
//
// Table: [parameters, operations]; an operation's params are indexes into the table's parameters.
// Operation: [id, method, path, params, responseType, responseModel, consumes, produces, flags, paging, tags]
// Parameter: [name, key, in, required, type, items, enum, format, collectionFormat]
// Absent values are 0 and trailing ones are left out; `key` is 0 when equal to `name`; `in` is one letter
// (p path, q query, h header, b body, f formData); consumes/produces are 1 for ['application/json']; flags:
// 1 deprecated, 2 preview; tags is 0 when the operation has exactly the class's tag.

export const PARAM_IN_CODES: Readonly<Record<string, string>> = {
  path: 'p',
  query: 'q',
  header: 'h',
  body: 'b',
  formData: 'f',
};

type Cell = string | number | readonly string[] | readonly Cell[] | readonly number[];

function trimmed(cells: Cell[]): Cell[] {
  let end = cells.length;
  while (end > 0 && cells[end - 1] === 0) end--;
  return cells.slice(0, end);
}

function mediaTypes(types: readonly string[] | undefined): Cell {
  if (!types) return 0;
  return types.length === 1 && types[0] === 'application/json' ? 1 : types;
}

function encodeParam(p: DescriptorData['params'][number]): Cell[] {
  const where = PARAM_IN_CODES[p.in];
  if (!where) throw new Error(`compat table: unknown parameter location "${p.in}" of ${p.name}`);
  return trimmed([
    p.name,
    p.key === p.name ? 0 : p.key,
    where,
    p.required ? 1 : 0,
    p.type ?? 0,
    p.items ?? 0,
    p.enum ?? 0,
    p.format ?? 0,
    p.collectionFormat ?? 0,
  ]);
}

/** One operation of the class of `tag`, as a compact row. */
export function encodeOperation(d: DescriptorData, tag: string): Cell[] {
  const flags = (d.deprecated ? 1 : 0) | (d.preview ? 2 : 0);
  const ownTag = d.tags.length === 1 && d.tags[0] === tag;
  return trimmed([
    d.id,
    d.method,
    d.path,
    d.params.map(encodeParam),
    d.responseType,
    d.responseModel ?? 0,
    mediaTypes(d.consumes),
    mediaTypes(d.produces),
    flags,
    d.paging ?? 0,
    ownTag ? 0 : d.tags,
  ]);
}

/**
 * The table of a class as JSON text: `[params, operations]`, where `params` lists each distinct parameter row of
 * the class once and an operation's params are indexes into it (a parameter such as `pageSize` or `expand`
 * recurs in many operations). Deterministic: rows and parameters in the order given and first met.
 */
export function encodeTable(descriptors: readonly DescriptorData[], tag: string): string {
  const params: Cell[][] = [];
  const index = new Map<string, number>();
  const rows = descriptors.map((d) => {
    const row = encodeOperation(d, tag);
    row[3] = (row[3] as Cell[][]).map((p) => {
      const key = JSON.stringify(p);
      let i = index.get(key);
      if (i === undefined) {
        i = params.length;
        index.set(key, i);
        params.push(p);
      }
      return i;
    });
    return row;
  });
  return JSON.stringify([params, rows]);
}
