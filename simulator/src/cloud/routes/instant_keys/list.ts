/** POST /instant_keys/list — optionally of one user identity. */
import { z } from 'zod';
import { defineRoute } from '../../http/defineRoute.js';
import { uuidParam } from '../../http/params.js';
import { toInstantKey, type InstantKeyRow } from '../../resources/instantKeys.js';

export const instantKeysListInput = z.object({ user_identity_id: uuidParam('user_identity_id').optional() }).strict();

export default defineRoute({
  path: '/instant_keys/list',
  auth: ['api_key'],
  input: instantKeysListInput,
  handler: ({ ctx, input }) => {
    const rows = ctx.db
      .prepare('SELECT * FROM instant_keys WHERE workspace_id = ? AND (? IS NULL OR user_identity_id = ?) ORDER BY created_at, instant_key_id')
      .all(ctx.workspace.workspace_id, input.user_identity_id ?? null, input.user_identity_id ?? null) as InstantKeyRow[];
    return { instant_keys: rows.map((r) => toInstantKey(ctx, r)) };
  },
});
