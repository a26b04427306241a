/** POST /phone/endpoints/list — the key holder's registered devices (own identity only). */
import { defineRoute } from '../../http/defineRoute.js';
import { toEndpoint, type EndpointRow } from './endpointResource.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.phoneEndpointsList,
  handler: ({ ctx, caller }) => {
    const identity = caller?.kind === 'client_session' ? caller.user_identity_id : '';
    const rows = ctx.db.prepare('SELECT * FROM endpoints WHERE user_identity_id = ? AND removed_at IS NULL ORDER BY created_at').all(identity) as EndpointRow[];
    return { endpoints: rows.map(toEndpoint) };
  },
});
