/** POST /user_identities/list — paginated (docs/CLOUD.md, "Pagination"), by search, ids or creation time. */
import { defineRoute } from '../../http/defineRoute.js';
import { afterCursorSql, pageOf, pageRequest } from '../../http/params.js';
import { toUserIdentity, type UserIdentityRow } from '../../resources/userIdentities.js';
import { cloudApi } from '@keyrig/api';

const PATH = cloudApi.userIdentitiesList.path;

export default defineRoute({
  ...cloudApi.userIdentitiesList,
  handler: ({ ctx, input, request }) => {
    const page = pageRequest(PATH, input, 500);
    const after = afterCursorSql('created_at', 'user_identity_id', page.after);
    const like = input.search ? `%${input.search.replace(/[%_\\]/g, (c) => `\\${c}`)}%` : null;
    const ids = input.user_identity_ids ?? null;
    const rows = ctx.db
      .prepare(
        `SELECT * FROM user_identities WHERE workspace_id = ?
           AND (? IS NULL OR full_name LIKE ? ESCAPE '\\' OR email_address LIKE ? ESCAPE '\\' OR phone_number LIKE ? ESCAPE '\\' OR user_identity_key LIKE ? ESCAPE '\\' OR user_identity_id LIKE ? ESCAPE '\\')
           AND (? IS NULL OR user_identity_id IN (SELECT value FROM json_each(?)))
           AND (? IS NULL OR created_at < ?)
           AND ${after.sql}
         ORDER BY created_at, user_identity_id LIMIT ?`,
      )
      .all(
        ctx.workspace.workspace_id, like, like, like, like, like, like,
        ids ? 1 : null, JSON.stringify(ids ?? []),
        input.created_before ?? null, input.created_before ?? null,
        ...after.params, page.limit + 1,
      ) as UserIdentityRow[];
    const { items, pagination } = pageOf(ctx, request, PATH, rows, page, (r) => [r.created_at, r.user_identity_id]);
    return { user_identities: items.map(toUserIdentity), pagination };
  },
});
