/**
 * POST /phones/deactivate { device_id } — the operator removes a key holder's device (endpoint):
 * its credential documents are blocklisted. /phones/list lists endpoints (keyrig shape, see docs).
 */
import { defineRoute } from '../../http/defineRoute.js';
import { notFound } from '../../http/SeamApiError.js';
import { removeEndpoint } from '../../resources/blocklist.js';
import { toEndpoint, type EndpointRow } from '../phone/endpointResource.js';
import { cloudApi } from '@keyrig/api';

export const phonesDeactivate = defineRoute({
  ...cloudApi.phonesDeactivate,
  handler: ({ ctx, input }) => {
    const e = ctx.db.prepare('SELECT endpoint_id FROM endpoints WHERE endpoint_id = ? AND removed_at IS NULL').get(input.device_id) as { endpoint_id: string } | undefined;
    if (!e) throw notFound('phone', input.device_id);
    ctx.db.transaction(() => removeEndpoint(ctx, e.endpoint_id, 'deactivated by operator'))();
    return {};
  },
});

export const phonesList = defineRoute({
  ...cloudApi.phonesList,
  handler: ({ ctx, input }) => {
    const rows = ctx.db
      .prepare('SELECT * FROM endpoints WHERE removed_at IS NULL AND (? IS NULL OR user_identity_id = ?) ORDER BY created_at')
      .all(input.owner_user_identity_id ?? null, input.owner_user_identity_id ?? null) as EndpointRow[];
    return { phones: rows.map((r) => ({ device_id: r.endpoint_id, ...toEndpoint(r) })) };
  },
});
