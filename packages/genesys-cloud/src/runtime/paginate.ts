// Pagination over any list operation: pageNumber/pageCount, nextUri, cursor and after styles.
import { ValidationError } from '@skyport/core';
import type { CallOptions, OperationDescriptor, OperationInvoker, PagingStyle } from './descriptor';

/** A generated operation function (`getRoutingQueues`) or its descriptor (`getRoutingQueuesOperation`). */
export type ListOperation<O, R> =
  | ((client: OperationInvoker, options: O, init?: CallOptions) => Promise<R>)
  | OperationDescriptor;

export interface PaginateOptions {
  /** Sent as `pageSize` on every page (when the operation has it). */
  pageSize?: number;
  /** Stop after this many items. */
  limit?: number;
  /** Force a style instead of the descriptor's or the one seen in the first answer. */
  style?: PagingStyle;
  /** Property holding the items; default `entities`, else the answer's only array property. */
  itemsKey?: string;
  init?: CallOptions;
}

/** Item type of a listing answer. */
export type ItemOf<R> = R extends { entities?: Array<infer T> }
  ? T
  : R extends { conversations?: Array<infer T> }
    ? T
    : unknown;

export interface PageResult<R> {
  /** The whole answer of this page. */
  response: R;
  items: ItemOf<R>[];
  /** 1-based page index in this iteration. */
  index: number;
}

export interface Paginator<R> extends AsyncIterable<ItemOf<R>> {
  /** Iterates whole pages instead of items. */
  pages(): AsyncIterableIterator<PageResult<R>>;
  /** Collects every item (up to `limit`). */
  all(): Promise<ItemOf<R>[]>;
}

type Answer = Record<string, unknown>;

/** Marks options built from a nextUri: the client then ignores keys no parameter matches instead of failing. */
export const LENIENT_OPTIONS: unique symbol = Symbol.for('skyport.genesys.lenientOptions');

function itemsOf(answer: Answer, key: string | undefined): unknown[] {
  if (key) {
    const v = answer[key];
    return Array.isArray(v) ? v : [];
  }
  if (Array.isArray(answer.entities)) return answer.entities;
  const arrays = Object.values(answer).filter(Array.isArray);
  return arrays.length === 1 ? (arrays[0] as unknown[]) : [];
}

function detectStyle(answer: Answer): PagingStyle | undefined {
  if (typeof answer.pageCount === 'number' || typeof answer.pageNumber === 'number') return 'pageNumber';
  if (typeof answer.cursor === 'string') return 'cursor';
  if (typeof answer.nextUri === 'string') return 'nextUri';
  return undefined;
}

/** Query parameters of a nextUri (relative or absolute). */
function queryOf(uri: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const url = new URL(uri, 'http://x');
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    out[key] = all.length > 1 ? all : (all[0] as string);
  }
  return out;
}

/**
 * Lazily walks every page of a list operation: `for await (const queue of paginate(client, getRoutingQueues,
 * { pageSize: 100 }))`. The style comes from the descriptor when you pass one, else from the first answer.
 */
export function paginate<O extends object, R>(
  client: OperationInvoker,
  operation: ListOperation<O, R>,
  args?: Omit<O, 'pageNumber' | 'cursor' | 'after'> & Partial<O>,
  options: PaginateOptions = {},
): Paginator<R> {
  if (!client || typeof client.call !== 'function') {
    throw new ValidationError('paginate: the first argument must be a client (createClient())');
  }
  const isDescriptor = typeof operation === 'object' && operation !== null && 'path' in operation;
  if (!isDescriptor && typeof operation !== 'function') {
    throw new ValidationError('paginate: the second argument must be an operation function or descriptor');
  }
  if (options.pageSize !== undefined && !(Number.isInteger(options.pageSize) && options.pageSize > 0)) {
    throw new ValidationError(`paginate: pageSize must be a positive integer (got ${options.pageSize})`);
  }
  const invoke = (a: object): Promise<Answer> =>
    isDescriptor
      ? client.call<Answer>(operation as OperationDescriptor, a, options.init)
      : (operation as (c: OperationInvoker, o: object, i?: CallOptions) => Promise<Answer>)(
          client,
          a,
          options.init,
        );

  async function* pages(): AsyncIterableIterator<PageResult<R>> {
    let current: Record<string, unknown> = { ...(args ?? {}) };
    if (options.pageSize !== undefined) current.pageSize = options.pageSize;
    let style = options.style ?? (isDescriptor ? (operation as OperationDescriptor).paging : undefined);
    const seen = new Set<string>();
    let count = 0;
    for (let index = 1; ; index++) {
      const answer = (await invoke(current)) ?? {};
      const items = itemsOf(answer, options.itemsKey) as ItemOf<R>[];
      style ??= detectStyle(answer);
      const remaining = options.limit === undefined ? Number.POSITIVE_INFINITY : options.limit - count;
      const page = items.length > remaining ? items.slice(0, remaining) : items;
      count += page.length;
      yield { response: answer as R, items: page, index };
      if (count >= (options.limit ?? Number.POSITIVE_INFINITY) || items.length === 0) return;
      let next: Record<string, unknown> | undefined;
      switch (style) {
        case 'pageNumber': {
          const number = typeof answer.pageNumber === 'number' ? answer.pageNumber : index;
          const pageCount = typeof answer.pageCount === 'number' ? answer.pageCount : undefined;
          if (pageCount !== undefined ? number >= pageCount : typeof answer.nextUri !== 'string') return;
          next = { ...current, pageNumber: number + 1 };
          break;
        }
        case 'cursor': {
          const c = answer.cursor ?? (answer.cursors as Answer | undefined)?.after;
          if (typeof c !== 'string' || c === '') return;
          next = { ...current, cursor: c };
          break;
        }
        case 'after':
        case 'nextUri': {
          const uri = answer.nextUri;
          if (typeof uri !== 'string' || uri === '') return;
          // The nextUri carries every parameter of the next page (after, cursor, pageNumber...): send them all.
          next = { ...current, ...queryOf(uri), [LENIENT_OPTIONS]: true };
          break;
        }
        default:
          return;
      }
      const key = JSON.stringify(next);
      if (seen.has(key)) return; // a server that repeats itself would loop forever
      seen.add(key);
      current = next;
    }
  }

  async function* items(): AsyncIterableIterator<ItemOf<R>> {
    for await (const page of pages()) yield* page.items;
  }

  return {
    pages,
    [Symbol.asyncIterator]: items,
    async all() {
      const out: ItemOf<R>[] = [];
      for await (const item of items()) out.push(item);
      return out;
    },
  };
}
