/** POST /acs/credentials/delete — revokes the mobile key (and its access method). */
import { defineRoute } from '../../../http/defineRoute.js';
import { getAccessMethod, getAcsCredential } from '../../../resources/accessGrants.js';
import { revokeAccessMethod } from '../../../resources/grantLifecycle.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.acsCredentialsDelete,
  handler: ({ ctx, input }) => {
    const c = getAcsCredential(ctx, input.acs_credential_id);
    ctx.db.transaction(() => revokeAccessMethod(ctx, getAccessMethod(ctx, c.access_method_id), 'credential deleted'))();
    return {};
  },
});
