/** POST /acs/credentials/list — mobile-key credentials, optionally of one user identity. */
import { z } from 'zod';
import { defineRoute } from '../../../http/defineRoute.js';
import { uuidParam } from '../../../http/params.js';
import { ACS_CREDENTIAL_SELECT, toAcsCredential, type AcsCredentialRow } from '../../../resources/accessGrants.js';

export const acsCredentialsListInput = z
  .object({ user_identity_id: uuidParam('user_identity_id').optional(), acs_system_id: uuidParam('acs_system_id').optional(), is_multi_phone_sync_credential: z.unknown().optional() })
  .strict();

export default defineRoute({
  path: '/acs/credentials/list',
  auth: ['api_key'],
  input: acsCredentialsListInput,
  handler: ({ ctx, input }) => {
    if (input.acs_system_id !== undefined && input.acs_system_id !== ctx.workspace.acs_system_id) return { acs_credentials: [] };
    const rows = ctx.db
      .prepare(`${ACS_CREDENTIAL_SELECT} WHERE c.workspace_id = ? AND (? IS NULL OR c.user_identity_id = ?) ORDER BY c.created_at, c.acs_credential_id`)
      .all(ctx.workspace.workspace_id, input.user_identity_id ?? null, input.user_identity_id ?? null) as (AcsCredentialRow & { starts_at: number; ends_at: number | null })[];
    return { acs_credentials: rows.map((r) => toAcsCredential(ctx, r)) };
  },
});
