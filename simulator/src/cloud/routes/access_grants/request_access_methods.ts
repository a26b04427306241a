/** POST /access_grants/request_access_methods — adds mobile-key access methods to a grant that has not ended. */
import { defineRoute } from '../../http/defineRoute.js';
import { getAccessGrant, toAccessGrant } from '../../resources/accessGrants.js';
import { addMobileKeyMethods } from '../../resources/requestAccessMethods.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.accessGrantsRequestAccessMethods,
  handler: ({ ctx, input }) => {
    const g = getAccessGrant(ctx, input.access_grant_id);
    ctx.db.transaction(() => addMobileKeyMethods(ctx, g, input.requested_access_methods))();
    return { access_grant: toAccessGrant(ctx, getAccessGrant(ctx, g.access_grant_id)) };
  },
});
