/** Responses of /user_identities/* (generate_instant_key answers an instant key, see instantKeys.ts). */
import * as z from 'zod/mini';
import { dateTime, emptyList, paginationSchema } from './common.js';

/** Seam's user_identity: a key holder. */
export const userIdentitySchema = z.object({
  user_identity_id: z.string(),
  user_identity_key: z.nullable(z.string()),
  email_address: z.nullable(z.string()),
  phone_number: z.nullable(z.string()),
  display_name: z.string(),
  full_name: z.nullable(z.string()),
  created_at: dateTime,
  workspace_id: z.string(),
  errors: emptyList,
  warnings: emptyList,
  acs_user_ids: z.array(z.string()),
});
export type UserIdentityJson = z.infer<typeof userIdentitySchema>;

export const userIdentitiesGetResponse = z.object({ user_identity: userIdentitySchema });
export const userIdentitiesListResponse = z.object({ user_identities: z.array(userIdentitySchema), pagination: paginationSchema });
