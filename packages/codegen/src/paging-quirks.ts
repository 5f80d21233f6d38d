import type { PagingStyle } from './paging';

/**
 * Every paging decision that is not plain detection lives here, in one place.
 *
 * Detection (see paging.ts) looks at the 200 response model and the query parameters:
 *   1. `pageNumber` query parameter + response `pageNumber`/`pageCount`/`total`      → 'pageNumber'
 *   2. `cursor` query parameter + response `cursor` (string) or `cursors.after`      → 'cursor'
 *   3. `after` query parameter + response `after`, `cursors` or `nextUri`             → 'after'
 *   4. GET whose response has `nextUri` and `entities`                                → 'nextUri'
 *
 * Overrides win over detection: a style forces it, `null` says the operation does not page even though its
 * response looks like a page (for example single-page summaries that reuse a listing model).
 */
export const PAGING_OVERRIDES: Readonly<Record<string, PagingStyle | null>> = {
  // Analytics/search POST queries carry paging in the body, not in parameters: a generic paginator cannot turn them.
};

/** Response property names that mark each style (the model must have at least one of them). */
export const PAGE_NUMBER_FIELDS: readonly string[] = ['pageNumber', 'pageCount', 'total'];
export const CURSOR_FIELDS: readonly string[] = ['cursor', 'cursors'];
export const AFTER_FIELDS: readonly string[] = ['after', 'cursors', 'nextUri'];
