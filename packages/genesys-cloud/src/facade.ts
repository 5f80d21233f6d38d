// @skyport/genesys-cloud/facade: every API as methods of the client (`gc.users.getUsersMe()`).
// A separate entry on purpose: importing it pulls in all operation descriptors, which the functional imports
// (`@skyport/genesys-cloud/users`) leave out.
import * as api from './generated/api/index';
import type { OperationInvoker } from './runtime/descriptor';

type Api = typeof api;
// biome-ignore lint/suspicious/noExplicitAny: matching any operation function's signature
type AnyOperation = (client: OperationInvoker, ...rest: any[]) => Promise<unknown>;
type Bound<F> = F extends (client: OperationInvoker, ...rest: infer A) => infer R ? (...rest: A) => R : never;
export type BoundModule<M> = {
  readonly [K in keyof M as M[K] extends AnyOperation ? K : never]: Bound<M[K]>;
};
/** Every tag module (`users`, `routing`, `externalContacts`...) with its functions bound to a client. */
export type Apis = { readonly [N in keyof Api]: BoundModule<Api[N]> };

function bindModule(client: OperationInvoker, mod: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(mod)) {
    if (typeof value === 'function') {
      out[name] = (...rest: unknown[]) => (value as AnyOperation)(client, ...rest);
    }
  }
  return Object.freeze(out);
}

/**
 * Adds every API module to a client: `withApis(createClient(...)).users.getUsersMe()`. Modules are bound on first
 * use. The client's own members (`auth`, `notifications`, `call`...) stay as they are.
 */
export function withApis<C extends OperationInvoker>(client: C): C & Apis {
  const cache = new Map<string, Record<string, unknown>>();
  const modules = api as unknown as Record<string, Record<string, unknown>>;
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && !(prop in target) && Object.hasOwn(modules, prop)) {
        let bound = cache.get(prop);
        if (!bound) {
          bound = bindModule(client, modules[prop] as Record<string, unknown>);
          cache.set(prop, bound);
        }
        return bound;
      }
      return Reflect.get(target, prop, receiver);
    },
    has(target, prop) {
      return Reflect.has(target, prop) || (typeof prop === 'string' && Object.hasOwn(modules, prop));
    },
  }) as C & Apis;
}

// Every operation descriptor by id and the ids of each tag, for generic callers (the `skyport gc` command).
export { operations, operationsByTag } from './generated/operations';
