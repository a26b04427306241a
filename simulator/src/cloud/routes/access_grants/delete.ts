/** POST /access_grants/delete — revokes every credential issued for the grant. */
import { defineRoute } from '../../http/defineRoute.js';
import { getAccessGrant } from '../../resources/accessGrants.js';
import { deleteAccessGrant } from '../../resources/grantLifecycle.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.accessGrantsDelete,
  handler: ({ ctx, input }) => {
    const g = getAccessGrant(ctx, input.access_grant_id);
    ctx.db.transaction(() => deleteAccessGrant(ctx, g))();
    return {};
  },
});
