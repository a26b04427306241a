/** POST /access_methods/get */
import { defineRoute } from '../../http/defineRoute.js';
import { getAccessMethod, toAccessMethod } from '../../resources/accessGrants.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.accessMethodsGet,
  handler: ({ ctx, input }) => ({ access_method: toAccessMethod(ctx, getAccessMethod(ctx, input.access_method_id)) }),
});
