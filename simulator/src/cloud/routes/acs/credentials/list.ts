/** POST /acs/credentials/list — mobile-key credentials, optionally of one user identity. */
import { defineRoute } from '../../../http/defineRoute.js';
import { ACS_CREDENTIAL_SELECT, toAcsCredential, type AcsCredentialRow } from '../../../resources/accessGrants.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.acsCredentialsList,
  handler: ({ ctx, input }) => {
    if (input.acs_system_id !== undefined && input.acs_system_id !== ctx.workspace.acs_system_id) return { acs_credentials: [] };
    const rows = ctx.db
      .prepare(`${ACS_CREDENTIAL_SELECT} WHERE c.workspace_id = ? AND (? IS NULL OR c.user_identity_id = ?) ORDER BY c.created_at, c.acs_credential_id`)
      .all(ctx.workspace.workspace_id, input.user_identity_id ?? null, input.user_identity_id ?? null) as (AcsCredentialRow & { starts_at: number; ends_at: number | null })[];
    return { acs_credentials: rows.map((r) => toAcsCredential(ctx, r)) };
  },
});
