/**
 * POST /spaces/list — oldest first, `search` matches name or space_key, paginated like every
 * keyrig list (docs/CLOUD.md, "Pagination").
 */
import { defineRoute } from '../../http/defineRoute.js';
import { afterCursorSql, pageOf, pageRequest } from '../../http/params.js';
import { toSpace, type SpaceRow } from '../../resources/spaces.js';
import { cloudApi } from '@keyrig/api';

const PATH = cloudApi.spacesList.path;

export default defineRoute({
  ...cloudApi.spacesList,
  handler: ({ ctx, input, request }) => {
    const page = pageRequest(PATH, input, 500);
    // rowid: creation order, also among spaces created in the same millisecond.
    const after = afterCursorSql('rowid', 'space_id', page.after);
    const like = input.search ? `%${input.search.replace(/[%_\\]/g, (c) => `\\${c}`)}%` : null;
    const rows = ctx.db
      .prepare(
        `SELECT rowid AS row_order, * FROM spaces WHERE workspace_id = ? AND (? IS NULL OR space_key = ?)
           AND (? IS NULL OR name LIKE ? ESCAPE '\\' OR space_key LIKE ? ESCAPE '\\')
           AND ${after.sql}
         ORDER BY rowid LIMIT ?`,
      )
      .all(ctx.workspace.workspace_id, input.space_key ?? null, input.space_key ?? null, like, like, like, ...after.params, page.limit + 1) as (SpaceRow & { row_order: number })[];
    const { items, pagination } = pageOf(ctx, request, PATH, rows, page, (s) => [s.row_order, s.space_id]);
    return { spaces: items.map((s) => toSpace(ctx, s)), pagination };
  },
});
