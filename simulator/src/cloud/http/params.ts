/**
 * Pagination of list routes, as Seam's paginated lists answer (docs/CLOUD.md, "Pagination"):
 * `limit` + `page_cursor` in, `pagination: { has_next_page, next_page_cursor, next_page_url }` out.
 *
 * Cursors are keyset cursors: the sort key of the last item of the page (e.g. created_at and id)
 * and the route they belong to, base64url-encoded. A page starts strictly after that key, so rows
 * inserted while a client walks the pages never make it see an item twice or skip one it would
 * have seen (unlike an offset). They are opaque to clients; one that does not decode, or belongs
 * to another route, is a 400. The request fields themselves (UUIDs, times, arrays, integers from
 * query strings) are declared with the request schemas in @keyrig/api (requests/params.ts).
 */
import type { FastifyRequest } from 'fastify';
import type { CloudContext } from '../context.js';
import { invalidInput } from './SeamApiError.js';

/** The sort key of an item: a primary (time or text) and a unique id as tie-breaker. */
export type PageKey = readonly [primary: number | string, id: string];

export interface PageRequest {
  limit: number;
  /** Items strictly after this key; null: from the start. */
  after: PageKey | null;
}

export interface Pagination {
  has_next_page: boolean;
  next_page_cursor: string | null;
  next_page_url: string | null;
}

export function encodeCursor(path: string, key: PageKey): string {
  return Buffer.from(JSON.stringify([path, key[0], key[1]]), 'utf8').toString('base64url');
}

/** The key a cursor carries; a cursor that is not one of this route's is a 400. */
export function decodeCursor(path: string, cursor: string | null | undefined, primaryType: 'number' | 'string'): PageKey | null {
  if (cursor === undefined || cursor === null || cursor === '') return null;
  const bad = () => invalidInput(`page_cursor is not a cursor of ${path} (pass next_page_cursor from the previous page unchanged)`, undefined, {
    _errors: [],
    page_cursor: { _errors: ['invalid page cursor'] },
  });
  if (!/^[A-Za-z0-9_-]{1,2000}$/.test(cursor)) throw bad();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || parsed[0] !== path) throw bad();
  const [, primary, id] = parsed as unknown[];
  const primaryOk = primaryType === 'number' ? typeof primary === 'number' && Number.isSafeInteger(primary) : typeof primary === 'string' && primary.length <= 500;
  if (!primaryOk || typeof id !== 'string' || id.length === 0 || id.length > 100) throw bad();
  return [primary as number | string, id];
}

/** `limit` (the route's default when absent) and the decoded `page_cursor` (its sort key: a time, or text). */
export function pageRequest(
  path: string,
  input: { limit?: number | undefined; page_cursor?: string | null | undefined },
  defaultLimit: number,
  primaryType: 'number' | 'string' = 'number',
): PageRequest {
  return { limit: input.limit ?? defaultLimit, after: decodeCursor(path, input.page_cursor, primaryType) };
}

/**
 * SQL for "after the cursor" on (primary, id) columns, and its 5 parameters: ORDER BY primary, id
 * and LIMIT limit + 1 (the extra row says whether there is a next page).
 */
export function afterCursorSql(primaryColumn: string, idColumn: string, after: PageKey | null): { sql: string; params: (number | string | null)[] } {
  const p = after?.[0] ?? null;
  const id = after?.[1] ?? null;
  return { sql: `(? IS NULL OR ${primaryColumn} > ? OR (${primaryColumn} = ? AND ${idColumn} > ?))`, params: [id, p, p, id] };
}

/** Items sorted by `keyOf` in memory, after the cursor. */
export function afterCursor<T>(items: readonly T[], keyOf: (item: T) => PageKey, after: PageKey | null): T[] {
  if (after === null) return [...items];
  const cmp = (a: PageKey, b: PageKey) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
  return items.filter((i) => cmp(keyOf(i), after) > 0);
}

/**
 * The page (at most `limit` of `rows`, which may hold one more) and its `pagination`. The next
 * page's URL repeats the request's parameters (query and body) with the new cursor, as a GET
 * query string: every route answers GET (docs/CLOUD.md, "Requests").
 */
export function pageOf<T>(
  ctx: CloudContext,
  request: FastifyRequest,
  path: string,
  rows: readonly T[],
  req: PageRequest,
  keyOf: (item: T) => PageKey,
): { items: T[]; pagination: Pagination } {
  const items = rows.slice(0, req.limit);
  const hasNext = rows.length > req.limit && items.length > 0;
  if (!hasNext) return { items, pagination: { has_next_page: false, next_page_cursor: null, next_page_url: null } };
  const cursor = encodeCursor(path, keyOf(items[items.length - 1]!));
  return { items, pagination: { has_next_page: true, next_page_cursor: cursor, next_page_url: nextPageUrl(ctx, request, path, cursor) } };
}

function nextPageUrl(ctx: CloudContext, request: FastifyRequest, path: string, cursor: string): string {
  const params = new URLSearchParams();
  const add = (source: unknown) => {
    if (source === null || typeof source !== 'object') return;
    for (const [k, v] of Object.entries(source as Record<string, unknown>)) {
      if (k === 'page_cursor') continue;
      params.delete(k);
      for (const item of Array.isArray(v) ? v : [v]) {
        if (item === null || item === undefined) params.append(k, '');
        else if (typeof item !== 'object') params.append(k, String(item));
      }
    }
  };
  add(request.query);
  add(request.body);
  params.set('page_cursor', cursor);
  const base = ctx.publicUrl() || `${request.protocol}://${request.host}`;
  return `${base}${path}?${params.toString()}`;
}
