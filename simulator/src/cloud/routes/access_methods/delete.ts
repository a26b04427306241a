/** POST /access_methods/delete — the grant stays, but its mobile keys are revoked. */
import { z } from 'zod';
import { defineRoute } from '../../http/defineRoute.js';
import { uuidParam } from '../../http/params.js';
import { getAccessMethod } from '../../resources/accessGrants.js';
import { revokeAccessMethod } from '../../resources/grantLifecycle.js';

export const accessMethodsDeleteInput = z.object({ access_method_id: uuidParam('access_method_id') }).strict();

export default defineRoute({
  path: '/access_methods/delete',
  auth: ['api_key'],
  input: accessMethodsDeleteInput,
  handler: ({ ctx, input }) => {
    const m = getAccessMethod(ctx, input.access_method_id);
    ctx.db.transaction(() => revokeAccessMethod(ctx, m, 'deleted'))();
    return {};
  },
});
