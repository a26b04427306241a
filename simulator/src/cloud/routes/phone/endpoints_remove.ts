/** POST /phone/endpoints/remove — the holder removes a device; its credentials are blocklisted. */
import { z } from 'zod';
import { defineRoute } from '../../http/defineRoute.js';
import { uuidParam } from '../../http/params.js';
import { removeEndpoint } from '../../resources/blocklist.js';
import { getOwnEndpoint } from './endpointResource.js';

export const endpointsRemoveInput = z.object({ endpoint_id: uuidParam('endpoint_id') }).strict();

export default defineRoute({
  path: '/phone/endpoints/remove',
  auth: ['client_session'],
  input: endpointsRemoveInput,
  handler: ({ ctx, input, caller }) => {
    const e = getOwnEndpoint(ctx, caller, input.endpoint_id);
    ctx.db.transaction(() => removeEndpoint(ctx, e.endpoint_id, 'endpoint removed by holder'))();
    return {};
  },
});
