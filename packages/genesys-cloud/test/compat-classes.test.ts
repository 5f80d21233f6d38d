// The compat API classes are built from compact generated tables on first use (src/compat/api-class.ts). These
// tests hold them to the descriptors of the modern tag modules and to the class behaviours users rely on.
import { execFile } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { apiClass, decodeTable } from '../src/compat/api-class';
import * as compat from '../src/compat/index';
import { operations } from '../src/generated/operations';
import type { OperationDescriptor, OperationInvoker } from '../src/runtime/descriptor';

const here = dirname(fileURLToPath(import.meta.url));

type Method = (...args: unknown[]) => Promise<unknown>;
type AnyClass = new (client?: OperationInvoker) => Record<string, Method>;

/** A real OperationInvoker that records what each call hands over. */
function recorder() {
  const calls: { op: OperationDescriptor; args: unknown; init: unknown }[] = [];
  const invoker: OperationInvoker = {
    call: async <T>(op: OperationDescriptor, args: object | undefined, init?: unknown) => {
      calls.push({ op, args, init });
      return undefined as T;
    },
  };
  return { calls, invoker };
}

const classes = Object.entries(compat).filter(
  ([name]) => /Api$/.test(name) && name !== 'ApiClient',
) as unknown as [string, AnyClass][];

describe('compat API classes built from tables', () => {
  it('every method of the 87 classes sends the descriptor of its operation, equal to the tag module one', async () => {
    expect(classes).toHaveLength(87);
    const { calls, invoker } = recorder();
    let count = 0;
    const wrong: string[] = [];
    for (const [name, Cls] of classes) {
      const api = new Cls(invoker);
      for (const id of Object.getOwnPropertyNames(Cls.prototype).filter((m) => m !== 'constructor')) {
        const expected = (operations as Record<string, OperationDescriptor>)[id];
        const positional = expected?.params.filter((p) => p.required) ?? [];
        const fn = api[id] as Method;
        if (!expected || fn.length !== positional.length + 1 || fn.name !== id) {
          wrong.push(`${name}.${id}: length ${fn.length}, name ${fn.name}`);
          continue;
        }
        // Each positional argument lands under its parameter key, beside the opts given.
        const values = positional.map((p) => `v-${p.key}`);
        await fn.call(api, ...values, { extra: 1 });
        const last = calls[calls.length - 1];
        expect(last?.op, `${name}.${id}`).toEqual(expected);
        expect(last?.args).toEqual({
          extra: 1,
          ...Object.fromEntries(positional.map((p) => [p.key, `v-${p.key}`])),
        });
        count++;
      }
    }
    expect(wrong).toEqual([]);
    expect(count).toBe(3468);
  });

  it('passes opts through unchanged when there is no positional argument, customHeaders as call headers', async () => {
    const { calls, invoker } = recorder();
    const users = new compat.UsersApi(invoker);
    const opts = { expand: ['presence'], customHeaders: { 'x-a': '1' } };
    await users.getUsersMe(opts);
    expect(calls[0]?.args).toBe(opts);
    expect(calls[0]?.init).toEqual({ headers: { 'x-a': '1' } });
    await users.getUsersMe();
    expect(calls[1]).toMatchObject({ args: undefined, init: undefined });
    await users.getUser('u1', { expand: ['groups'] });
    expect(calls[2]).toMatchObject({ args: { expand: ['groups'], userId: 'u1' }, init: undefined });
    // The positional value wins over the same key in opts.
    await users.getUser('u2', { userId: 'other' } as never);
    expect(calls[3]?.args).toEqual({ userId: 'u2' });
  });

  it('behaves as a class: prototype, instanceof, subclasses, stubs set before construction, name', async () => {
    const { calls, invoker } = recorder();
    const { RoutingApi, UsersApi } = compat;
    expect(UsersApi.name).toBe('UsersApi');
    expect(typeof UsersApi.prototype.getUsersMe).toBe('function');
    expect(Object.keys(UsersApi.prototype)).toEqual([]); // methods are not enumerable, as on a class
    const api = new UsersApi(invoker);
    expect(api).toBeInstanceOf(UsersApi);
    expect(api).not.toBeInstanceOf(RoutingApi);
    expect(Object.getPrototypeOf(api)).toBe(UsersApi.prototype);
    expect(api.apiClient).toBe(invoker);

    class MyUsers extends UsersApi {
      me() {
        return this.getUsersMe();
      }
    }
    const mine = new MyUsers(invoker);
    await mine.me();
    expect(calls[0]?.op.id).toBe('getUsersMe');
    expect(mine).toBeInstanceOf(UsersApi);

    // A test double put on the prototype before the first construction of that class stays in place.
    const { ScriptsApi } = compat;
    const original = ScriptsApi.prototype.getScripts;
    ScriptsApi.prototype.getScripts = async () => ({ entities: [] });
    try {
      expect(await new ScriptsApi(invoker).getScripts()).toEqual({ entities: [] });
    } finally {
      ScriptsApi.prototype.getScripts = original;
    }
    await new ScriptsApi(invoker).getScripts();
    expect(calls[calls.length - 1]?.op.id).toBe('getScripts');
  });

  it('importing the built entry parses no table; a class parses only its own on first use', async () => {
    // Counts the tables parsed in a fresh process using the built package: JSON.parse calls on long texts, and
    // (the CommonJS build requires each table as a JSON file, which Node parses itself) .json tables loaded.
    const script = `const parse = JSON.parse; const seen = [];
      JSON.parse = function (text, ...rest) { if (typeof text === 'string' && text.length > 2000) seen.push(text.length); return parse.call(this, text, ...rest); };
      const exts = require('node:module')._extensions; const loadJson = exts['.json'];
      exts['.json'] = function (m, file) { if (file.replace(/\\\\/g, '/').includes('/compat-tables/')) seen.push(file); return loadJson.call(this, m, file); };
      const p = require('@skyport/genesys-cloud/compat');
      const atImport = seen.length;
      const keys = Object.keys(p.default).filter((k) => k.endsWith('Api')).length;
      new p.UsersApi({ call: async () => undefined });
      new p.UsersApi({ call: async () => undefined });
      const afterUsers = seen.length;
      void (p.RoutingApi.prototype instanceof Object);
      console.log(JSON.stringify({ atImport, keys, afterUsers, afterRouting: seen.length }));`;
    const out = await new Promise<string>((ok, ko) =>
      execFile(process.execPath, ['-e', script], { cwd: here }, (err, stdout) =>
        err ? ko(err) : ok(stdout),
      ),
    );
    expect(JSON.parse(out)).toEqual({ atImport: 0, keys: 87, afterUsers: 1, afterRouting: 2 });
  }, 30_000);

  it('uses ApiClient.instance when constructed without a client', () => {
    expect(new compat.GroupsApi().apiClient).toBe(compat.ApiClient.instance);
  });

  it('the module object lists every class by name, and the legacy factories map old method names', () => {
    const names = Object.keys(compat.default).filter((k) => k.endsWith('Api') && k !== 'ApiClient');
    expect(names).toHaveLength(87);
    for (const [name, Cls] of classes) expect(compat.default[name as keyof typeof compat.default]).toBe(Cls);
    const { calls, invoker } = recorder();
    const users = compat.legacy.UsersApi(invoker);
    void (users.getMe as Method)();
    expect(calls[0]?.op.id).toBe('getUsersMe');
    // The factories are named after their class and work with `new` too.
    expect(compat.legacy.RoutingApi.name).toBe('RoutingApi');
    const routing = new (compat.legacy.RoutingApi as unknown as new (i: OperationInvoker) => object)(invoker);
    void (routing as Record<string, Method>).getQueues?.();
    expect(calls[1]?.op.id).toBe('getRoutingQueues');
  });

  it('the legacy module (built on first use) behaves as a plain object', () => {
    const legacy = compat.legacy as unknown as Record<string, unknown>;
    const keys = Object.keys(legacy);
    expect(keys).toHaveLength(89); // 87 factories, PureCloudSession and platform
    expect(keys).toEqual(
      expect.arrayContaining(['PureCloudSession', 'platform', 'UsersApi', 'WorkforceManagementApi']),
    );
    expect(compat.legacy.platform).toBe(compat.legacy);
    expect(compat.legacy.PureCloudSession).toBe(compat.PureCloudSession);
    expect('UsersApi' in legacy).toBe(true);
    expect('NoSuchApi' in legacy).toBe(false);
    expect(Object.getOwnPropertyDescriptor(legacy, 'UsersApi')?.value).toBe(legacy.UsersApi);
    const original = legacy.UsersApi;
    legacy.UsersApi = 'double';
    expect(legacy.UsersApi).toBe('double');
    legacy.UsersApi = original;
    expect(legacy.UsersApi).toBe(original);
    expect({ ...legacy }.RoutingApi).toBe(legacy.RoutingApi);
  });

  it('a malformed table is reported when the class or the operation is first used, naming the class', () => {
    const invoker = { call: async () => undefined as never };
    const Broken = apiClass<object>('BrokenApi', 'Broken', () => '[[],[["getX","GET","/x",[1],"json"]]]');
    expect(Broken.name).toBe('BrokenApi');
    expect(() => new Broken(invoker)).toThrow(/compat table of BrokenApi is malformed: parameter 1/);
    // A bad parameter location is found when the operation's descriptor is decoded, on its first call.
    const BadIn = apiClass<{ getX(): Promise<unknown> }>(
      'BadInApi',
      'BadIn',
      () => '[[["id","k","z"]],[["getX","GET","/x",[0],"json"]]]',
    );
    const api = new BadIn(invoker);
    expect(() => api.getX()).toThrow(/compat table of BadInApi is malformed: parameter \["id","k","z"\]/);
    expect(() => new (apiClass<object>('NotListApi', 'NotList', () => '{"a":1}'))(invoker)).toThrow(
      /compat table of NotListApi is malformed: not \[parameters, operations\]/,
    );
    expect(() => decodeTable('[[],[[1]]]', 'T', 'TApi')).toThrow(/malformed: operation/);
  });

  it("reads a class's table once, when the class is first used, not when it is defined", () => {
    let reads = 0;
    const table = () => {
      reads++;
      return '[[["id",0,"p",1,"string"]],[["getThing","GET","/things/{id}",[0],"json","Thing",1,1]]]';
    };
    const calls: unknown[] = [];
    const invoker = { call: async (op: unknown, args: unknown) => calls.push([op, args]) as never };
    const Things = apiClass<{ getThing(id: string): Promise<unknown> }>('ThingsApi', 'Things', table);
    expect(reads).toBe(0);
    const a = new Things(invoker);
    const b = new Things(invoker);
    expect(reads).toBe(1);
    expect(a.getThing).toBe(b.getThing);
    void a.getThing('t1');
    expect(calls).toEqual([
      [
        expect.objectContaining({ id: 'getThing', method: 'GET', path: '/things/{id}', tags: ['Things'] }),
        { id: 't1' },
      ],
    ]);
    expect(reads).toBe(1);
  });
});
