/** POST /acs/entrances/get */
import { defineRoute } from '../../../http/defineRoute.js';
import { getEntrance, toAcsEntrance } from '../../../resources/entrances.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.acsEntrancesGet,
  handler: ({ ctx, input }) => ({ acs_entrance: toAcsEntrance(ctx, getEntrance(ctx, input.acs_entrance_id)) }),
});
