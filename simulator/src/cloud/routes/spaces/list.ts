/**
 * POST /spaces/list — oldest first, `search` matches name or space_key, paginated. The cursor is
 * an offset in padded standard base64: @seamapi/types' zod `pagination` requires base64.
 */
import { defineRoute } from '../../http/defineRoute.js';
import { decodeCursor } from '../../http/params.js';
import { toSpace, type SpaceRow } from '../../resources/spaces.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.spacesList,
  handler: ({ ctx, input }) => {
    const limit = input.limit ?? 500;
    const offset = decodeCursor(input.page_cursor);
    const like = input.search ? `%${input.search.replace(/[%_\\]/g, (c) => `\\${c}`)}%` : null;
    const rows = ctx.db
      .prepare(
        `SELECT * FROM spaces WHERE workspace_id = ? AND (? IS NULL OR space_key = ?)
           AND (? IS NULL OR name LIKE ? ESCAPE '\\' OR space_key LIKE ? ESCAPE '\\')
         ORDER BY created_at, rowid LIMIT ? OFFSET ?`,
      )
      .all(ctx.workspace.workspace_id, input.space_key ?? null, input.space_key ?? null, like, like, like, limit + 1, offset) as SpaceRow[];
    const page = rows.slice(0, limit);
    return {
      spaces: page.map((s) => toSpace(ctx, s)),
      pagination: {
        has_next_page: rows.length > limit,
        next_page_cursor: rows.length > limit ? Buffer.from(String(offset + page.length), 'utf8').toString('base64') : null,
        next_page_url: null,
      },
    };
  },
});
