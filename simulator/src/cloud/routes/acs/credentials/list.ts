/**
 * POST /acs/credentials/list — mobile-key credentials, paginated (docs/CLOUD.md, "Pagination"),
 * optionally of one user identity. keyrig has no ACS users, so `acs_user_id` matches nothing.
 */
import { defineRoute } from '../../../http/defineRoute.js';
import { afterCursorSql, pageOf, pageRequest } from '../../../http/params.js';
import { ACS_CREDENTIAL_SELECT, toAcsCredential, type AcsCredentialWithGrant } from '../../../resources/accessGrants.js';
import { cloudApi } from '@keyrig/api';

const PATH = cloudApi.acsCredentialsList.path;

export default defineRoute({
  ...cloudApi.acsCredentialsList,
  handler: ({ ctx, input, request }) => {
    const page = pageRequest(PATH, input, 500);
    const none = (input.acs_system_id !== undefined && input.acs_system_id !== ctx.workspace.acs_system_id)
      || input.acs_user_id !== undefined
      || input.is_multi_phone_sync_credential === false; // every keyrig credential is multi-phone sync
    if (none) return { acs_credentials: [], pagination: { has_next_page: false, next_page_cursor: null, next_page_url: null } };
    const after = afterCursorSql('c.created_at', 'c.acs_credential_id', page.after);
    const like = input.search ? `%${input.search.replace(/[%_\\]/g, (c) => `\\${c}`)}%` : null;
    const rows = ctx.db
      .prepare(
        `${ACS_CREDENTIAL_SELECT} WHERE c.workspace_id = ? AND (? IS NULL OR c.user_identity_id = ?)
           AND (? IS NULL OR c.created_at < ?)
           AND (? IS NULL OR c.acs_credential_id LIKE ? ESCAPE '\\' OR 'Mobile Key' LIKE ? ESCAPE '\\')
           AND ${after.sql}
         ORDER BY c.created_at, c.acs_credential_id LIMIT ?`,
      )
      .all(
        ctx.workspace.workspace_id, input.user_identity_id ?? null, input.user_identity_id ?? null,
        input.created_before ?? null, input.created_before ?? null,
        like, like, like,
        ...after.params, page.limit + 1,
      ) as AcsCredentialWithGrant[];
    const { items, pagination } = pageOf(ctx, request, PATH, rows, page, (r) => [r.created_at, r.acs_credential_id]);
    return { acs_credentials: items.map((r) => toAcsCredential(ctx, r)), pagination };
  },
});
