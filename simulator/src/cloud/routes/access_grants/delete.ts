/** POST /access_grants/delete — revokes every credential issued for the grant. */
import { z } from 'zod';
import { defineRoute } from '../../http/defineRoute.js';
import { uuidParam } from '../../http/params.js';
import { getAccessGrant } from '../../resources/accessGrants.js';
import { deleteAccessGrant } from '../../resources/grantLifecycle.js';

export const accessGrantsDeleteInput = z.object({ access_grant_id: uuidParam('access_grant_id') }).strict();

export default defineRoute({
  path: '/access_grants/delete',
  auth: ['api_key'],
  input: accessGrantsDeleteInput,
  handler: ({ ctx, input }) => {
    const g = getAccessGrant(ctx, input.access_grant_id);
    ctx.db.transaction(() => deleteAccessGrant(ctx, g))();
    return {};
  },
});
