/** POST /spaces/add_acs_entrances — every id must name an entrance (404 otherwise, nothing added); space.device_membership_changed when one was new. */
import { defineRoute } from '../../http/defineRoute.js';
import { addSpaceEntrances, getSpace, spaceEvent } from '../../resources/spaces.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.spacesAddAcsEntrances,
  handler: ({ ctx, input }) => {
    const s = getSpace(ctx, input.space_id);
    ctx.db.transaction(() => {
      if (addSpaceEntrances(ctx, s.space_id, input.acs_entrance_ids) > 0) spaceEvent(ctx, 'space.device_membership_changed', s);
    })();
    return {};
  },
});
