/** POST /spaces/add_acs_entrances — every id must name an entrance (404 otherwise, nothing added). */
import { defineRoute } from '../../http/defineRoute.js';
import { addSpaceEntrances, getSpace } from '../../resources/spaces.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.spacesAddAcsEntrances,
  handler: ({ ctx, input }) => {
    const s = getSpace(ctx, input.space_id);
    ctx.db.transaction(() => addSpaceEntrances(ctx, s.space_id, input.acs_entrance_ids))();
    return {};
  },
});
