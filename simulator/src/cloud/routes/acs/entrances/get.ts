/** POST /acs/entrances/get */
import { z } from 'zod';
import { defineRoute } from '../../../http/defineRoute.js';
import { uuidParam } from '../../../http/params.js';
import { getEntrance, toAcsEntrance } from '../../../resources/entrances.js';

export const acsEntrancesGetInput = z.object({ acs_entrance_id: uuidParam('acs_entrance_id') }).strict();

export default defineRoute({
  path: '/acs/entrances/get',
  auth: ['api_key'],
  input: acsEntrancesGetInput,
  handler: ({ ctx, input }) => ({ acs_entrance: toAcsEntrance(ctx, getEntrance(ctx, input.acs_entrance_id)) }),
});
