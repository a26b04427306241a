/** POST /user_identities/create */
import { newId } from '../../context.js';
import { defineRoute } from '../../http/defineRoute.js';
import { invalidInput } from '../../http/SeamApiError.js';
import { getUserIdentity, toUserIdentity, uniqueViolationField } from '../../resources/userIdentities.js';
import type { CloudContext } from '../../context.js';
import { cloudApi, type UserIdentityFields } from '@keyrig/api';

/** Inserts a user identity (inside the caller's transaction); 400 naming a duplicate field. */
export function insertUserIdentity(ctx: CloudContext, fields: UserIdentityFields): string {
  const id = newId(ctx.rng);
  try {
    ctx.db
      .prepare(
        'INSERT INTO user_identities (user_identity_id, workspace_id, user_identity_key, email_address, phone_number, full_name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(id, ctx.workspace.workspace_id, fields.user_identity_key ?? null, fields.email_address ?? null, fields.phone_number ?? null, fields.full_name ?? null, ctx.clock.now());
  } catch (err) {
    const field = uniqueViolationField(err);
    if (field) throw invalidInput(`a user identity with this ${field} already exists`);
    throw err;
  }
  return id;
}

export default defineRoute({
  ...cloudApi.userIdentitiesCreate,
  handler: ({ ctx, input }) => {
    const id = ctx.db.transaction(() => insertUserIdentity(ctx, input))();
    return { user_identity: toUserIdentity(getUserIdentity(ctx, id)) };
  },
});
