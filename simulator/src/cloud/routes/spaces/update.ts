/** POST /spaces/update — name, space_key, or the whole entrance list (replaced, as in Seam). Existing grants keep their entrances; space.device_membership_changed when the entrances changed. */
import { defineRoute } from '../../http/defineRoute.js';
import { addSpaceEntrances, assertSpaceKeyFree, getSpace, spaceEntranceIds, spaceEvent, toSpace } from '../../resources/spaces.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.spacesUpdate,
  handler: ({ ctx, input }) => {
    const s = getSpace(ctx, input.space_id);
    ctx.db.transaction(() => {
      if (input.name !== undefined) ctx.db.prepare('UPDATE spaces SET name = ? WHERE space_id = ?').run(input.name, s.space_id);
      if (input.space_key !== undefined) {
        assertSpaceKeyFree(ctx, input.space_key, s.space_id);
        ctx.db.prepare('UPDATE spaces SET space_key = ? WHERE space_id = ?').run(input.space_key, s.space_id);
      }
      if (input.acs_entrance_ids !== undefined) {
        const before = spaceEntranceIds(ctx, s.space_id).join();
        ctx.db.prepare('DELETE FROM space_entrances WHERE space_id = ?').run(s.space_id);
        addSpaceEntrances(ctx, s.space_id, input.acs_entrance_ids);
        if (spaceEntranceIds(ctx, s.space_id).join() !== before) spaceEvent(ctx, 'space.device_membership_changed', getSpace(ctx, s.space_id));
      }
    })();
    return { space: toSpace(ctx, getSpace(ctx, s.space_id)) };
  },
});
