/** POST /access_grants/get */
import { z } from 'zod';
import { defineRoute } from '../../http/defineRoute.js';
import { uuidParam } from '../../http/params.js';
import { getAccessGrant, toAccessGrant } from '../../resources/accessGrants.js';

export const accessGrantsGetInput = z.object({ access_grant_id: uuidParam('access_grant_id') }).strict();

export default defineRoute({
  path: '/access_grants/get',
  auth: ['api_key'],
  input: accessGrantsGetInput,
  handler: ({ ctx, input }) => ({ access_grant: toAccessGrant(ctx, getAccessGrant(ctx, input.access_grant_id)) }),
});
