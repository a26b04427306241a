/** POST /access_grants/list — optionally for one user identity or entrance. */
import { defineRoute } from '../../http/defineRoute.js';
import { toAccessGrant, type AccessGrantRow } from '../../resources/accessGrants.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.accessGrantsList,
  handler: ({ ctx, input }) => {
    const rows = ctx.db
      .prepare(
        `SELECT * FROM access_grants g WHERE workspace_id = ? AND (? IS NULL OR user_identity_id = ?)
           AND (? IS NULL OR EXISTS (SELECT 1 FROM access_grant_entrances e WHERE e.access_grant_id = g.access_grant_id AND e.acs_entrance_id = ?))
         ORDER BY created_at, access_grant_id`,
      )
      .all(ctx.workspace.workspace_id, input.user_identity_id ?? null, input.user_identity_id ?? null, input.acs_entrance_id ?? null, input.acs_entrance_id ?? null) as AccessGrantRow[];
    return { access_grants: rows.map((g) => toAccessGrant(ctx, g)) };
  },
});
