/** POST /spaces/create — a named group of entrances (docs/CLOUD.md "Spaces"). */
import { defineRoute } from '../../http/defineRoute.js';
import { getSpace, insertSpace, toSpace } from '../../resources/spaces.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.spacesCreate,
  handler: ({ ctx, input }) => {
    const id = ctx.db.transaction(() => insertSpace(ctx, { name: input.name, space_key: input.space_key ?? null, acs_entrance_ids: input.acs_entrance_ids ?? [] }))();
    return { space: toSpace(ctx, getSpace(ctx, id)) };
  },
});
