// Paging for every list the API serves: a page is at most `limit` items of the list in its own
// fixed order, after the cursor of the page before; `next` is the URL of the following page, there
// only when there is more. The cursor is the last item's sort key (an id, or an entry index), so an
// item added or removed between two requests moves no other item from one page to another: each
// item that stays is listed exactly once.
import { Type } from '@sinclair/typebox';
import { problems } from '../hub/problem.js';

export type SortKey = string | number;

export interface PageQuery {
  limit?: number | undefined;
  after?: string | undefined;
}

/** The query parameters of a paged list, with its default and largest page. */
export function pageParameters(defaultLimit: number, maxLimit: number) {
  return {
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: maxLimit, description: `Items a page; default ${defaultLimit}.` }),
    ),
    after: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z0-9_-]{1,600}$',
        description: 'Where the page starts: given by the previous page’s `next`.',
      }),
    ),
  };
}

export const NextPage = Type.Optional(
  Type.String({ description: 'The URL of the next page; absent on the last page.' }),
);

function encodeCursor(key: SortKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The cursor of a page whose order a store keeps: the sort key it gave. */
export function decodeCursor(cursor: string): SortKey {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof key === 'string' || (typeof key === 'number' && Number.isFinite(key))) return key;
  } catch {}
  throw problems.badRequest('the cursor is not one this list gave', [
    { field: 'querystring:after', reason: 'must be the `next` of a previous page, unchanged' },
  ]);
}

/**
 * One page of `items`, which come in the order of their keys (ascending, or descending when
 * `descending`); `url` is the request's, to which `next` adds the cursor.
 */
export function pageOf<T>(
  items: Iterable<T>,
  keyOf: (item: T) => SortKey,
  query: PageQuery,
  options: { defaultLimit: number; url: string; descending?: boolean },
): { items: T[]; next?: string } {
  const limit = query.limit ?? options.defaultLimit;
  const after = query.after === undefined ? undefined : decodeCursor(query.after);
  const beyond = (key: SortKey) => after === undefined || (options.descending ? key < after : key > after);
  const page: T[] = [];
  let more = false;
  for (const item of items) {
    if (!beyond(keyOf(item))) continue;
    if (page.length === limit) {
      more = true;
      break;
    }
    page.push(item);
  }
  if (!more) return { items: page };
  return { items: page, next: nextPage(options.url, keyOf(page[page.length - 1] as T)) };
}

/** The URL of the page after the item with this key. */
export function nextPage(url: string, lastKey: SortKey): string {
  const next = new URL(url, 'http://hub');
  next.searchParams.set('after', encodeCursor(lastKey));
  return `${next.pathname}${next.search}`;
}

/** Sorts by a string or number key, ascending. */
export function byKey<T>(keyOf: (item: T) => SortKey): (a: T, b: T) => number {
  return (a, b) => {
    const x = keyOf(a);
    const y = keyOf(b);
    return x < y ? -1 : x > y ? 1 : 0;
  };
}
