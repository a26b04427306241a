/** POST /spaces/delete — the space goes (space.deleted); its entrances and the grants made through it stay. */
import { defineRoute } from '../../http/defineRoute.js';
import { getSpace, spaceEvent } from '../../resources/spaces.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.spacesDelete,
  handler: ({ ctx, input }) => {
    const s = getSpace(ctx, input.space_id);
    ctx.db.transaction(() => {
      spaceEvent(ctx, 'space.deleted', s); // with the entrances it had
      ctx.db.prepare('DELETE FROM spaces WHERE space_id = ?').run(s.space_id);
    })();
    return {};
  },
});
