/** POST /user_identities/get — by user_identity_id or user_identity_key. */
import { defineRoute } from '../../http/defineRoute.js';
import { notFound } from '../../http/SeamApiError.js';
import { getUserIdentity, toUserIdentity, type UserIdentityRow } from '../../resources/userIdentities.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.userIdentitiesGet,
  handler: ({ ctx, input }) => {
    if (input.user_identity_id) return { user_identity: toUserIdentity(getUserIdentity(ctx, input.user_identity_id)) };
    const row = ctx.db
      .prepare('SELECT * FROM user_identities WHERE workspace_id = ? AND user_identity_key = ?')
      .get(ctx.workspace.workspace_id, input.user_identity_key) as UserIdentityRow | undefined;
    if (!row) throw notFound('user_identity', `with key "${input.user_identity_key}"`);
    return { user_identity: toUserIdentity(row) };
  },
});
