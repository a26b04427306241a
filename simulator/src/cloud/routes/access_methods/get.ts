/** POST /access_methods/get */
import { z } from 'zod';
import { defineRoute } from '../../http/defineRoute.js';
import { uuidParam } from '../../http/params.js';
import { getAccessMethod, toAccessMethod } from '../../resources/accessGrants.js';

export const accessMethodsGetInput = z.object({ access_method_id: uuidParam('access_method_id') }).strict();

export default defineRoute({
  path: '/access_methods/get',
  auth: ['api_key'],
  input: accessMethodsGetInput,
  handler: ({ ctx, input }) => ({ access_method: toAccessMethod(getAccessMethod(ctx, input.access_method_id)) }),
});
