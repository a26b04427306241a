/** POST /acs/entrances/list — the property's entrances (door | elevator | amenity). */
import { z } from 'zod';
import { defineRoute } from '../../../http/defineRoute.js';
import { uuidParam } from '../../../http/params.js';
import { listEntrances, toAcsEntrance } from '../../../resources/entrances.js';

export const acsEntrancesListInput = z
  .object({
    acs_system_id: uuidParam('acs_system_id').optional(),
    /** keyrig extension: only entrances of one type. */
    type: z.enum(['door', 'elevator', 'amenity']).optional(),
  })
  .strict();

export default defineRoute({
  path: '/acs/entrances/list',
  auth: ['api_key'],
  input: acsEntrancesListInput,
  handler: ({ ctx, input }) => {
    const all = input.acs_system_id !== undefined && input.acs_system_id !== ctx.workspace.acs_system_id ? [] : listEntrances(ctx);
    return { acs_entrances: all.filter((e) => !input.type || e.type === input.type).map((e) => toAcsEntrance(ctx, e)) };
  },
});
