/** POST /user_identities/create */
import { z } from 'zod';
import { newId } from '../../context.js';
import { defineRoute } from '../../http/defineRoute.js';
import { optionalText } from '../../http/params.js';
import { invalidInput } from '../../http/SeamApiError.js';
import { getUserIdentity, toUserIdentity, uniqueViolationField } from '../../resources/userIdentities.js';
import type { CloudContext } from '../../context.js';

export const userIdentityFields = {
  user_identity_key: optionalText(200),
  email_address: z.preprocess((v) => (v === '' ? null : v), z.string().email('email_address must be an email address').nullable().optional()),
  phone_number: z.preprocess(
    (v) => (v === '' ? null : v),
    z.string().regex(/^\+[1-9]\d{6,14}$/, 'phone_number must be in E.164 format, e.g. +15555550100').nullable().optional(),
  ),
  full_name: optionalText(200),
};

export const userIdentitiesCreateInput = z
  .object({ ...userIdentityFields, acs_system_ids: z.array(z.string()).max(0, 'keyrig has no ACS users to link').optional() })
  .strict();

export type UserIdentityFields = Omit<z.output<typeof userIdentitiesCreateInput>, 'acs_system_ids'>;

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
  path: '/user_identities/create',
  auth: ['api_key'],
  input: userIdentitiesCreateInput,
  handler: ({ ctx, input }) => {
    const id = ctx.db.transaction(() => insertUserIdentity(ctx, input))();
    return { user_identity: toUserIdentity(getUserIdentity(ctx, id)) };
  },
});
