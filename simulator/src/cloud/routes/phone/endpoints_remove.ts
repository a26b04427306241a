/** POST /phone/endpoints/remove — the holder removes a device; its credentials are blocklisted. */
import { defineRoute } from '../../http/defineRoute.js';
import { removeEndpoint } from '../../resources/blocklist.js';
import { getOwnEndpoint } from './endpointResource.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.phoneEndpointsRemove,
  handler: ({ ctx, input, caller }) => {
    const e = getOwnEndpoint(ctx, caller, input.endpoint_id);
    ctx.db.transaction(() => removeEndpoint(ctx, e.endpoint_id, 'endpoint removed by holder'))();
    return {};
  },
});
