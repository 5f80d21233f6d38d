import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GenerateResult } from '../src/index';
import { emitAll, generate, loadModel } from '../src/index';
import { copyRuntime, tempDir, typecheck } from './helpers';

const fixture = new URL('./fixtures/quirks.swagger.json', import.meta.url).pathname;

// Code that must compile against the generated output, and lines that must not (@ts-expect-error fails
// the type-check when the line has no error).
const usage = `
import type { OperationInvoker } from './runtime/descriptor';
import type * as M from './generated/models';
import { getThingGetThingsThingId, getThingGetThingsThingIdOperation, _class, deleteThing } from './generated/api/things';
import { getThingGetThingsThingId as again } from './generated/api/extra-stuff';
import { ThingsApi, ExtraStuffApi, _3DWidgetsApi, DefaultApi, IndexApi } from './generated/compat';
import { _default, indexTag } from './generated/api/index';
import { operations } from './generated/operations';

declare const client: OperationInvoker;
const thing: M.Thing = {
  id: 'a',
  '$ref': 'r',
  'x-trace-id': 't',
  '1stPlace': true,
  default: 'd',
  state: "it's gone",
  parent: { id: 'p', '$ref': 'q' },
  labels: { a: 'b' },
  anything: { deep: [1] },
  matrix: [[1, 2]],
};
const counts: M.Counts = { a: 1 };
const colour: M.Colour = 'red';
const point: M._3DPoint = { x: 1 };
const tree: M.Tree = [[[]]];
const promise: M._Promise = { kept: true };
export const values = [DefaultApi, IndexApi, _default.getPreviewWidgets, indexTag.getPreviewWidgetsOperation, thing, counts, colour, point, tree, promise, again === getThingGetThingsThingId, operations];

export async function calls(): Promise<void> {
  const t: M.Thing = await getThingGetThingsThingId(client, {
    thingId: 'x', ifMatch: 'e', supportedContentId: 's', _delete: true, _2fa: 'on', since: new Date(), ids: [1],
  });
  await _class(client, { body: t });
  const done: void = await deleteThing(client, { thingId: 'x' });
  // @ts-expect-error thingId is required
  await getThingGetThingsThingId(client, {});
  // @ts-expect-error enum values only
  await getThingGetThingsThingId(client, { thingId: 'x', _2fa: 'maybe' });
  const api = new ThingsApi(client);
  await api.getThingGetThingsThingId('x', { 'supportedContent.id': 's', 'If-Match': 'e', delete: true });
  const opts: ThingsApi.getThingGetThingsThingIdOptions = { ifMatch: 'e', ids: [1] };
  await api.getThingGetThingsThingId('x', opts);
  // @ts-expect-error ids are numbers
  const badOpts: ThingsApi.getThingGetThingsThingIdOptions = { ids: ['1'] };
  await api.postThingFile('x', new Blob(['data']), { label: 'l' });
  const file: Blob = await api.getThingFile('x');
  await new ExtraStuffApi(client).getThingGetThingsThingId('x');
  await new _3DWidgetsApi(client).getPreviewWidgets({ after: 'c' });
  // @ts-expect-error colour is a closed union
  const bad: M.Colour = 'blue';
  void [done, file, bad, badOpts, getThingGetThingsThingIdOperation];
}
`;

describe('quirks (Swagger 2.0 fixture)', () => {
  let dir: string;
  let result: GenerateResult;
  const read = (rel: string) => readFile(join(dir, 'src/generated', rel), 'utf8');

  beforeAll(async () => {
    dir = await tempDir('quirks');
    await copyRuntime(dir);
    result = await generate({ input: fixture, out: join(dir, 'src/generated'), tables: join(dir, 'tables') });
    await writeFile(join(dir, 'src/usage.ts'), usage);
  });

  it('counts operations per tag and de-duplicates colliding operationIds deterministically', async () => {
    expect(result).toEqual({ operations: 7, models: 9, tags: 5, compatMethods: 10 });
    // Tag names that would clash with the api index or with reserved words as namespaces.
    const index = await read('api/index.ts');
    expect(index).toContain("export * as _default from './default';");
    expect(index).toContain("export * as indexTag from './index-tag';");
    expect(await read('api/index-tag.ts')).toContain(
      "export { getPreviewWidgets, getPreviewWidgetsOperation } from './3d-widgets';",
    );
    const model = await loadModel(fixture);
    expect(model.operations.map((o) => o.id)).toEqual([
      '_class',
      'deleteThing',
      'getPreviewWidgets',
      'getThingFile',
      'getThingGetThings',
      'getThingGetThingsThingId',
      'postThingFile',
    ]);
    expect(emitAll(model)).toEqual(emitAll(await loadModel(fixture)));
    // Shared parameters and responses referenced from #/parameters and #/responses are resolved.
    const page = model.operations.find((o) => o.id === 'getThingGetThings');
    expect(page?.params.map((p) => p.name)).toEqual(['pageNumber', 'pageSize']);
    expect(page?.responses).toEqual({ '200': { $ref: '#/definitions/ThingListing' } });
  });

  it('maps parameter keys: x-sdk-param-name, reserved words, digit-leading names; wire names stay', async () => {
    const things = await read('api/extra-stuff.ts');
    expect(things).toContain(
      "export { getThingGetThingsThingId, getThingGetThingsThingIdOperation } from './things';",
    );
    const own = await read('api/things.ts');
    expect(own).toContain("{ name: 'If-Match', key: 'ifMatch', in: 'header', type: 'string' }");
    expect(own).toContain(
      "{ name: 'supportedContent.id', key: 'supportedContentId', in: 'query', type: 'string' }",
    );
    expect(own).toContain("{ name: 'delete', key: '_delete', in: 'query', type: 'boolean' }");
    expect(own).toContain("{ name: '2fa', key: '_2fa', in: 'query', type: 'string', enum: ['on', 'off'] }");
    expect(own).toContain(
      "{ name: 'since', key: 'since', in: 'query', type: 'string', format: 'date-time' }",
    );
    expect(own).toContain("collectionFormat: 'pipes'");
    expect(own).toContain('since?: Date | string;');
    // Required path parameter declared at path level comes first; the body key is `body`.
    expect(own).toMatch(/export interface ClassOptions \{\n {2}body: M\.Thing;\n\}/);
    expect(own).toContain("{ name: 'thing', key: 'body', in: 'body', required: true, type: 'object' }");
  });

  it('handles file uploads, binary and empty responses, deprecated and preview operations', async () => {
    const own = await read('api/things.ts');
    expect(own).toContain("{ name: 'file', key: 'file', in: 'formData', required: true, type: 'file' }");
    expect(own).toContain('file: Blob;');
    expect(own).toMatch(/getThingFileOperation[\s\S]*?responseType: 'binary'/);
    expect(own).toMatch(/export function getThingFile\([^)]*\): Promise<Blob>/);
    expect(own).toMatch(/deleteThingOperation[\s\S]*?responseType: 'none'/);
    expect(own).toMatch(/@deprecated[^/]*\*\/\nexport function deleteThing\(/);
    const widgets = await read('api/3d-widgets.ts');
    expect(widgets).toMatch(/@experimental[^/]*\*\/\nexport function getPreviewWidgets\(/);
    expect(widgets).toContain("paging: 'after'");
    expect(own).toMatch(/getThingGetThingsOperation[\s\S]*?paging: 'pageNumber'/);
  });

  it('writes models: quoted keys, enums, index signatures, recursion, renamed digit/reserved names', async () => {
    const models = await read('models.ts');
    expect(models).toContain("  '$ref': string;");
    expect(models).toContain("  '$schema'?: string;");
    expect(models).toContain("  'x-trace-id'?: string;");
    expect(models).toContain("  '1stPlace'?: boolean;");
    expect(models).toContain("  state?: 'active' | 'it\\'s gone';");
    expect(models).toContain('  labels?: { [key: string]: string };');
    expect(models).toContain('export type Counts = { [key: string]: number };');
    expect(models).toContain("export type Colour = 'red' | 'green';");
    expect(models).toContain('export interface _3DPoint {');
    expect(models).toContain('export interface _Promise {');
    expect(models).toContain('export type Tree = Array<Tree>;');
  });

  it('compat classes take required parameters positionally and accept keys or wire names in opts', async () => {
    const cls = await read('compat/ThingsApi.ts');
    expect(cls).toContain('export interface ThingsApi {');
    expect(cls).toContain(
      '  getThingGetThingsThingId(thingId: string, opts?: ThingsApi.getThingGetThingsThingIdOptions): Promise<M.Thing>;',
    );
    // The options type, named as in the official SDK, in a namespace merged with the class.
    expect(cls).toContain(
      "  export interface getThingGetThingsThingIdOptions { ifMatch?: string; 'If-Match'?: string; supportedContentId?: string; 'supportedContent.id'?: string; _delete?: boolean; 'delete'?: boolean; _2fa?: 'on' | 'off'; '2fa'?: 'on' | 'off'; since?: Date | string; ids?: Array<number>; customHeaders?: Record<string, string> }",
    );
    expect(cls).toContain('export declare namespace ThingsApi {');
    // A required body is positional and named like the spec's body parameter (sent under the key `body`).
    expect(cls).toContain('  _class(thing: M.Thing, opts?: ThingsApi._classOptions): Promise<M.Thing>;');
    expect(cls).toContain('  export interface _classOptions { customHeaders?: Record<string, string> }');
    // The value: one apiClass() call with the tag's compact table, a module of its own (no descriptor modules).
    expect(cls).toMatch(
      /^export const ThingsApi: ApiClass<ThingsApi> = \/\* @__PURE__ \*\/ apiClass\("ThingsApi", "Things", table\);$/m,
    );
    expect(cls).toContain("import table from './tables/ThingsApi';");
    expect(await read('compat/tables/ThingsApi.ts')).toMatch(
      /^export default function table\(\): string \{\n {2}return "\[\[.*\]\]";\n\}$/m,
    );
    expect(cls).not.toMatch(/from '\.\.\/api\//);
  });

  it('the generated code type-checks, and misuse is rejected', async () => {
    const { code, output } = await typecheck(dir);
    expect(output).toBe('');
    expect(code).toBe(0);
  });

  it('generated functions and compat methods hand the descriptor and arguments to the invoker', async () => {
    type Call = { op: { id: string }; args: unknown; init: unknown };
    const calls: Call[] = [];
    // A real OperationInvoker (the contract); the HTTP runtime is tested in @skyport/genesys-cloud.
    const invoker = {
      call: async (op: { id: string }, args: unknown, init?: unknown) => {
        calls.push({ op, args, init });
        return { id: 'answer' };
      },
    };
    const things = await import(join(dir, 'src/generated/api/things.ts'));
    const compat = await import(join(dir, 'src/generated/compat/index.ts'));
    const runtime = await import(join(dir, 'src/runtime/descriptor.ts'));
    const signal = new AbortController().signal;
    expect(
      await things.getThingGetThingsThingId(invoker, { thingId: 't1', ifMatch: 'e' }, { signal }),
    ).toEqual({
      id: 'answer',
    });
    expect(calls[0]?.op).toBe(things.getThingGetThingsThingIdOperation);
    expect(calls[0]?.args).toEqual({ thingId: 't1', ifMatch: 'e' });
    expect(calls[0]?.init).toEqual({ signal });

    await new compat.ThingsApi(invoker).getThingGetThingsThingId('t2', { 'If-Match': 'e2', _delete: true });
    // The class decodes its own table into the descriptor the tag module declares.
    expect(calls[1]?.op).toEqual(things.getThingGetThingsThingIdOperation);
    expect(calls[1]?.args).toEqual({ 'If-Match': 'e2', _delete: true, thingId: 't2' });
    await new compat.ThingsApi(invoker).postThingFile('t3', 'blob', { customHeaders: { 'x-a': '1' } });
    expect(calls[2]?.args).toEqual({ thingId: 't3', file: 'blob', customHeaders: { 'x-a': '1' } });
    expect(calls[2]?.init).toEqual({ headers: { 'x-a': '1' } });
    expect(calls[1]?.init).toBeUndefined();
    await new compat.ExtraStuffApi(invoker).getThingGetThingsThingId('t4');
    expect(calls[3]?.op).toEqual(things.getThingGetThingsThingIdOperation);

    expect(() => new compat.ThingsApi()).toThrow(/No default ApiClient/);
    runtime.registerDefaultInvoker(() => invoker);
    await new compat.ThingsApi().deleteThing('t5');
    expect(calls[4]).toMatchObject({ op: { id: 'deleteThing' }, args: { thingId: 't5' } });
    const body = { id: 'b', $ref: 'r' };
    await new compat.ThingsApi(invoker)._class(body);
    expect(calls[5]?.args).toEqual({ body });
    expect(calls[5]?.op).toEqual(things._classOperation);
  });

  it('every compat method sends the descriptor of its tag module, and has the official arity and name', async () => {
    const compat = await import(join(dir, 'src/generated/compat/index.ts'));
    const ops = (await import(join(dir, 'src/generated/operations.ts'))).operations as Record<
      string,
      { id: string; params: { required?: boolean }[] }
    >;
    let seen: unknown;
    const invoker = {
      call: async (op: unknown) => {
        seen = op;
      },
    };
    let methods = 0;
    for (const [name, Cls] of Object.entries(compat) as [string, new (c: unknown) => object][]) {
      const proto = Cls.prototype as Record<string, (...a: unknown[]) => Promise<unknown>>;
      for (const id of Object.getOwnPropertyNames(proto).filter((m) => m !== 'constructor')) {
        const op = ops[id];
        expect(op, `${name}.${id}`).toBeDefined();
        const positional = (op?.params ?? []).filter((p) => p.required).length;
        expect(proto[id]?.length, `${name}.${id}`).toBe(positional + 1);
        expect(proto[id]?.name).toBe(id);
        await (new Cls(invoker) as typeof proto)[id]?.(...Array.from({ length: positional }, () => 'x'));
        expect(seen, `${name}.${id}`).toEqual(op);
        methods++;
      }
    }
    expect(methods).toBe(result.compatMethods);
  });

  it('writes tables with JSON Schema fragments', async () => {
    const table = JSON.parse(await readFile(join(dir, 'tables/operations.json'), 'utf8'));
    const upload = table.operations.find((o: { id: string }) => o.id === 'postThingFile');
    expect(upload.params[1]).toEqual({
      name: 'file',
      key: 'file',
      in: 'formData',
      required: true,
      schema: { type: 'string', format: 'binary' },
    });
    expect(upload.body).toBeNull();
    expect(upload.responses).toEqual({ '204': null });
    const cls = table.operations.find((o: { id: string }) => o.id === '_class');
    expect(cls.body).toEqual({ required: true, schema: { $ref: '#/definitions/Thing' } });
    const schemas = JSON.parse(await readFile(join(dir, 'tables/schemas.json'), 'utf8'));
    expect(schemas.definitions.Thing.required).toEqual(['id', '$ref']);
    expect(schemas.definitions.Counts).toEqual({ type: 'object', additionalProperties: { type: 'integer' } });
  });
});
