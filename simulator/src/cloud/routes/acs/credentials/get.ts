/** POST /acs/credentials/get */
import { defineRoute } from '../../../http/defineRoute.js';
import { getAcsCredential, toAcsCredential } from '../../../resources/accessGrants.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.acsCredentialsGet,
  handler: ({ ctx, input }) => ({ acs_credential: toAcsCredential(ctx, getAcsCredential(ctx, input.acs_credential_id)) }),
});
