/** POST /spaces/remove_acs_entrances — ids not in the space are ignored. */
import { defineRoute } from '../../http/defineRoute.js';
import { getSpace, removeSpaceEntrances } from '../../resources/spaces.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.spacesRemoveAcsEntrances,
  handler: ({ ctx, input }) => {
    const s = getSpace(ctx, input.space_id);
    ctx.db.transaction(() => removeSpaceEntrances(ctx, s.space_id, input.acs_entrance_ids))();
    return {};
  },
});
