/** POST /access_methods/list — the access methods of one access grant (as Seam requires). */
import { z } from 'zod';
import { defineRoute } from '../../http/defineRoute.js';
import { uuidParam } from '../../http/params.js';
import { getAccessGrant, grantAccessMethods, toAccessMethod } from '../../resources/accessGrants.js';

export const accessMethodsListInput = z.object({ access_grant_id: uuidParam('access_grant_id'), device_id: z.string().optional(), acs_entrance_id: z.string().optional() }).strict();

export default defineRoute({
  path: '/access_methods/list',
  auth: ['api_key'],
  input: accessMethodsListInput,
  handler: ({ ctx, input }) => ({ access_methods: grantAccessMethods(ctx, getAccessGrant(ctx, input.access_grant_id).access_grant_id).map(toAccessMethod) }),
});
