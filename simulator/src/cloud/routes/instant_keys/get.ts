/** POST /instant_keys/get — by instant_key_id or by instant_key_url. */
import { defineRoute } from '../../http/defineRoute.js';
import { notFound } from '../../http/SeamApiError.js';
import { hashToken } from '../../auth/tokens.js';
import { getInstantKey, secretFromUrl, toInstantKey, type InstantKeyRow } from '../../resources/instantKeys.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.instantKeysGet,
  handler: ({ ctx, input }) => {
    if (input.instant_key_id) return { instant_key: toInstantKey(ctx, getInstantKey(ctx, input.instant_key_id)) };
    const secret = secretFromUrl(input.instant_key_url!);
    const row = secret
      ? (ctx.db.prepare('SELECT * FROM instant_keys WHERE secret_hash = ? AND workspace_id = ?').get(hashToken(secret), ctx.workspace.workspace_id) as InstantKeyRow | undefined)
      : undefined;
    if (!row) throw notFound('instant_key', 'with this instant_key_url');
    return { instant_key: toInstantKey(ctx, row, secret!) };
  },
});
