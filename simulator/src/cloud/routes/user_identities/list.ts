/** POST /user_identities/list */
import { defineRoute } from '../../http/defineRoute.js';
import { decodeCursor, pagination } from '../../http/params.js';
import { toUserIdentity, type UserIdentityRow } from '../../resources/userIdentities.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.userIdentitiesList,
  handler: ({ ctx, input }) => {
    const limit = input.limit ?? 500;
    const offset = decodeCursor(input.page_cursor);
    const like = input.search ? `%${input.search.replace(/[%_\\]/g, (c) => `\\${c}`)}%` : null;
    const rows = ctx.db
      .prepare(
        `SELECT * FROM user_identities WHERE workspace_id = ?
           AND (? IS NULL OR full_name LIKE ? ESCAPE '\\' OR email_address LIKE ? ESCAPE '\\' OR phone_number LIKE ? ESCAPE '\\' OR user_identity_key LIKE ? ESCAPE '\\')
         ORDER BY created_at, user_identity_id LIMIT ? OFFSET ?`,
      )
      .all(ctx.workspace.workspace_id, like, like, like, like, like, limit + 1, offset) as UserIdentityRow[];
    const page = rows.slice(0, limit);
    return { user_identities: page.map(toUserIdentity), pagination: pagination(offset, page.length, rows.length > limit) };
  },
});
