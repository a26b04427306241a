/** POST /access_methods/delete — the grant stays, but its mobile keys are revoked. */
import { defineRoute } from '../../http/defineRoute.js';
import { getAccessMethod } from '../../resources/accessGrants.js';
import { revokeAccessMethod } from '../../resources/grantLifecycle.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.accessMethodsDelete,
  handler: ({ ctx, input }) => {
    const m = getAccessMethod(ctx, input.access_method_id);
    ctx.db.transaction(() => revokeAccessMethod(ctx, m, 'deleted'))();
    return {};
  },
});
