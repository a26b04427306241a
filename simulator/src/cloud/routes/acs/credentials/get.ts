/** POST /acs/credentials/get */
import { z } from 'zod';
import { defineRoute } from '../../../http/defineRoute.js';
import { uuidParam } from '../../../http/params.js';
import { getAcsCredential, toAcsCredential } from '../../../resources/accessGrants.js';

export const acsCredentialsGetInput = z.object({ acs_credential_id: uuidParam('acs_credential_id') }).strict();

export default defineRoute({
  path: '/acs/credentials/get',
  auth: ['api_key'],
  input: acsCredentialsGetInput,
  handler: ({ ctx, input }) => ({ acs_credential: toAcsCredential(ctx, getAcsCredential(ctx, input.acs_credential_id)) }),
});
