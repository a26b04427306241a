/** POST /acs/credentials/delete — revokes the mobile key (and its access method). */
import { z } from 'zod';
import { defineRoute } from '../../../http/defineRoute.js';
import { uuidParam } from '../../../http/params.js';
import { getAccessMethod, getAcsCredential } from '../../../resources/accessGrants.js';
import { revokeAccessMethod } from '../../../resources/grantLifecycle.js';

export const acsCredentialsDeleteInput = z.object({ acs_credential_id: uuidParam('acs_credential_id') }).strict();

export default defineRoute({
  path: '/acs/credentials/delete',
  auth: ['api_key'],
  input: acsCredentialsDeleteInput,
  handler: ({ ctx, input }) => {
    const c = getAcsCredential(ctx, input.acs_credential_id);
    ctx.db.transaction(() => revokeAccessMethod(ctx, getAccessMethod(ctx, c.access_method_id), 'credential deleted'))();
    return {};
  },
});
