/** POST /instant_keys/list — optionally of one user identity. */
import { defineRoute } from '../../http/defineRoute.js';
import { toInstantKey, type InstantKeyRow } from '../../resources/instantKeys.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.instantKeysList,
  handler: ({ ctx, input }) => {
    const rows = ctx.db
      .prepare('SELECT * FROM instant_keys WHERE workspace_id = ? AND (? IS NULL OR user_identity_id = ?) ORDER BY created_at, instant_key_id')
      .all(ctx.workspace.workspace_id, input.user_identity_id ?? null, input.user_identity_id ?? null) as InstantKeyRow[];
    return { instant_keys: rows.map((r) => toInstantKey(ctx, r)) };
  },
});
