/** POST /user_identities/list_accessible_entrances — entrances of the identity's grants that have not ended. */
import { defineRoute } from '../../http/defineRoute.js';
import { getUserIdentity } from '../../resources/userIdentities.js';
import { accessibleEntrances } from '../../resources/accessibleEntrances.js';
import { toAcsEntrance } from '../../resources/entrances.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.userIdentitiesListAccessibleEntrances,
  handler: ({ ctx, input }) => {
    const identity = getUserIdentity(ctx, input.user_identity_id);
    return { acs_entrances: accessibleEntrances(ctx, identity.user_identity_id).map((e) => toAcsEntrance(ctx, e)) };
  },
});
