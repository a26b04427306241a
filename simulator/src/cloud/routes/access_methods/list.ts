/** POST /access_methods/list — the access methods of one access grant (as Seam requires). */
import { defineRoute } from '../../http/defineRoute.js';
import { getAccessGrant, grantAccessMethods, toAccessMethod } from '../../resources/accessGrants.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.accessMethodsList,
  handler: ({ ctx, input }) => ({ access_methods: grantAccessMethods(ctx, getAccessGrant(ctx, input.access_grant_id).access_grant_id).map((m) => toAccessMethod(ctx, m)) }),
});
