/** POST /acs/entrances/list — the property's entrances (door | elevator | amenity). */
import { defineRoute } from '../../../http/defineRoute.js';
import { listEntrances, toAcsEntrance } from '../../../resources/entrances.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.acsEntrancesList,
  handler: ({ ctx, input }) => {
    const all = input.acs_system_id !== undefined && input.acs_system_id !== ctx.workspace.acs_system_id ? [] : listEntrances(ctx);
    return { acs_entrances: all.filter((e) => !input.type || e.type === input.type).map((e) => toAcsEntrance(ctx, e)) };
  },
});
