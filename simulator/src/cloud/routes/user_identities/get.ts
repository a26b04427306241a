/** POST /user_identities/get — by user_identity_id or user_identity_key. */
import { z } from 'zod';
import { defineRoute } from '../../http/defineRoute.js';
import { uuidParam } from '../../http/params.js';
import { notFound } from '../../http/SeamApiError.js';
import { getUserIdentity, toUserIdentity, type UserIdentityRow } from '../../resources/userIdentities.js';

export const userIdentitiesGetInput = z
  .object({ user_identity_id: uuidParam('user_identity_id').optional(), user_identity_key: z.string().min(1).optional() })
  .strict()
  .refine((i) => (i.user_identity_id === undefined) !== (i.user_identity_key === undefined), {
    message: 'give exactly one of user_identity_id or user_identity_key',
  });

export default defineRoute({
  path: '/user_identities/get',
  auth: ['api_key'],
  input: userIdentitiesGetInput,
  handler: ({ ctx, input }) => {
    if (input.user_identity_id) return { user_identity: toUserIdentity(getUserIdentity(ctx, input.user_identity_id)) };
    const row = ctx.db
      .prepare('SELECT * FROM user_identities WHERE workspace_id = ? AND user_identity_key = ?')
      .get(ctx.workspace.workspace_id, input.user_identity_key) as UserIdentityRow | undefined;
    if (!row) throw notFound('user_identity', `with key "${input.user_identity_key}"`);
    return { user_identity: toUserIdentity(row) };
  },
});
