/** POST /instant_keys/delete — the link stops working and every phone it set up loses its credentials. */
import { z } from 'zod';
import { defineRoute } from '../../http/defineRoute.js';
import { uuidParam } from '../../http/params.js';
import { deleteInstantKey, getInstantKey } from '../../resources/instantKeys.js';

export const instantKeysDeleteInput = z.object({ instant_key_id: uuidParam('instant_key_id') }).strict();

export default defineRoute({
  path: '/instant_keys/delete',
  auth: ['api_key'],
  input: instantKeysDeleteInput,
  handler: ({ ctx, input }) => {
    const k = getInstantKey(ctx, input.instant_key_id);
    ctx.db.transaction(() => deleteInstantKey(ctx, k.instant_key_id, 'instant key deleted'))();
    return {};
  },
});
