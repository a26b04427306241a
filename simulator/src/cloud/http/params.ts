/**
 * Pagination of list routes. The request fields themselves (UUIDs, times, arrays, integers from
 * query strings) are declared with the request schemas in @keyrig/api (requests/params.ts).
 */

/** Offset-based cursor (opaque to clients). */
export function decodeCursor(cursor: string | null | undefined): number {
  if (!cursor) return 0;
  const n = Number(Buffer.from(cursor, 'base64url').toString('utf8'));
  return Number.isSafeInteger(n) && n >= 0 ? n : 0;
}

export function pagination(offset: number, returned: number, hasMore: boolean) {
  const next = hasMore ? Buffer.from(String(offset + returned), 'utf8').toString('base64url') : null;
  return { has_next_page: hasMore, next_page_cursor: next, next_page_url: null };
}
