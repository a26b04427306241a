/** POST /access_grants/get */
import { defineRoute } from '../../http/defineRoute.js';
import { getAccessGrant, toAccessGrant } from '../../resources/accessGrants.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.accessGrantsGet,
  handler: ({ ctx, input }) => ({ access_grant: toAccessGrant(ctx, getAccessGrant(ctx, input.access_grant_id)) }),
});
