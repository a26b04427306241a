/** POST /instant_keys/delete — the link stops working and every phone it set up loses its credentials. */
import { defineRoute } from '../../http/defineRoute.js';
import { deleteInstantKey, getInstantKey } from '../../resources/instantKeys.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.instantKeysDelete,
  handler: ({ ctx, input }) => {
    const k = getInstantKey(ctx, input.instant_key_id);
    ctx.db.transaction(() => deleteInstantKey(ctx, k.instant_key_id, 'instant key deleted'))();
    return {};
  },
});
