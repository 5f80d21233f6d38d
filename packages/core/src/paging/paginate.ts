// Async-iterator pagination: the platform packages supply how to fetch one page.

export interface Page<T, C> {
  items: T[];
  /** Cursor for the next page; undefined (or null) ends the iteration. */
  next?: C | null;
}

/** Yields every item of every page, fetching lazily as the consumer advances. */
export async function* paginate<T, C>(
  fetchPage: (cursor: C | undefined) => Promise<Page<T, C>>,
): AsyncIterableIterator<T> {
  for await (const page of pages(fetchPage)) yield* page.items;
}

/** Yields whole pages. Stops on a missing cursor or when a cursor repeats (a server bug that would loop forever). */
export async function* pages<T, C>(
  fetchPage: (cursor: C | undefined) => Promise<Page<T, C>>,
): AsyncIterableIterator<Page<T, C>> {
  let cursor: C | undefined;
  const seen = new Set<string>();
  for (;;) {
    const page = await fetchPage(cursor);
    yield page;
    const next = page.next;
    if (next === undefined || next === null) return;
    const key = typeof next === 'object' ? JSON.stringify(next) : String(next);
    if (seen.has(key)) return;
    seen.add(key);
    cursor = next;
  }
}

/** Collects an async iterable into an array (optionally at most `limit` items). */
export async function collectAll<T>(it: AsyncIterable<T>, limit = Number.POSITIVE_INFINITY): Promise<T[]> {
  const out: T[] = [];
  if (limit <= 0) return out;
  for await (const item of it) {
    out.push(item);
    if (out.length >= limit) break;
  }
  return out;
}
