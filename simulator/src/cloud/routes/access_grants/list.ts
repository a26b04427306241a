/**
 * POST /access_grants/list — paginated (docs/CLOUD.md, "Pagination"), with Seam's 13 parameters
 * (docs/CLOUD.md, "Compatibility"): keyrig has no devices or access codes, so `device_id` and
 * `access_code_id` match no grant; `customer_key` is ignored (keyrig has no customers).
 */
import { defineRoute } from '../../http/defineRoute.js';
import { afterCursorSql, pageOf, pageRequest } from '../../http/params.js';
import { toAccessGrant, type AccessGrantRow } from '../../resources/accessGrants.js';
import { cloudApi } from '@keyrig/api';

const PATH = cloudApi.accessGrantsList.path;

export default defineRoute({
  ...cloudApi.accessGrantsList,
  handler: ({ ctx, input, request }) => {
    const page = pageRequest(PATH, input, 500);
    const none = input.device_id !== undefined || input.access_code_id !== undefined
      || (input.acs_system_id !== undefined && input.acs_system_id !== ctx.workspace.acs_system_id);
    if (none) return { access_grants: [], pagination: { has_next_page: false, next_page_cursor: null, next_page_url: null } };
    const after = afterCursorSql('g.created_at', 'g.access_grant_id', page.after);
    const ids = input.access_grant_ids ?? null;
    const space = input.space_id ?? input.location_id ?? null;
    const key = input.access_grant_key; // undefined: any; null: grants without a key
    const rows = ctx.db
      .prepare(
        `SELECT * FROM access_grants g WHERE workspace_id = ? AND (? IS NULL OR user_identity_id = ?)
           AND (? IS NULL OR EXISTS (SELECT 1 FROM access_grant_entrances e WHERE e.access_grant_id = g.access_grant_id AND e.acs_entrance_id = ?))
           AND (? IS NULL OR g.access_grant_id IN (SELECT value FROM json_each(?)))
           AND (? IS NULL OR EXISTS (SELECT 1 FROM json_each(coalesce(g.space_ids_json, '[]')) s WHERE s.value = ?))
           AND (? = 0 OR (? IS NULL AND g.access_grant_key IS NULL) OR g.access_grant_key = ?)
           AND (? IS NULL OR g.reservation_key = ?)
           AND ${after.sql}
         ORDER BY g.created_at, g.access_grant_id LIMIT ?`,
      )
      .all(
        ctx.workspace.workspace_id, input.user_identity_id ?? null, input.user_identity_id ?? null,
        input.acs_entrance_id ?? null, input.acs_entrance_id ?? null,
        ids ? 1 : null, JSON.stringify(ids ?? []),
        space, space,
        key === undefined ? 0 : 1, key ?? null, key ?? null,
        input.reservation_key ?? null, input.reservation_key ?? null,
        ...after.params, page.limit + 1,
      ) as AccessGrantRow[];
    const { items, pagination } = pageOf(ctx, request, PATH, rows, page, (g) => [g.created_at, g.access_grant_id]);
    return { access_grants: items.map((g) => toAccessGrant(ctx, g)), pagination };
  },
});
