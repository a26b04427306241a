/** POST /spaces/remove_acs_entrances — ids not in the space are ignored; space.device_membership_changed when one was removed. */
import { defineRoute } from '../../http/defineRoute.js';
import { getSpace, removeSpaceEntrances, spaceEvent } from '../../resources/spaces.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.spacesRemoveAcsEntrances,
  handler: ({ ctx, input }) => {
    const s = getSpace(ctx, input.space_id);
    ctx.db.transaction(() => {
      if (removeSpaceEntrances(ctx, s.space_id, input.acs_entrance_ids) > 0) spaceEvent(ctx, 'space.device_membership_changed', s);
    })();
    return {};
  },
});
