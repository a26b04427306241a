/**
 * POST /phone/credentials/load — the holder's credential bundle for one of its endpoints:
 * signed credential documents for every current grant (new and extended grants appear by
 * themselves), the signed blocklist and time sync, and the provider verification keys.
 */
import { fromBase64Url } from '@keyrig/protocol';
import { defineRoute } from '../../http/defineRoute.js';
import { loadCredentialBundle } from '../../resources/credentialBundle.js';
import { getOwnEndpoint } from './endpointResource.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.phoneCredentialsLoad,
  handler: async ({ ctx, input, caller }) => {
    const e = getOwnEndpoint(ctx, caller, input.endpoint_id);
    const bundle = await loadCredentialBundle(ctx, { endpoint_id: e.endpoint_id, user_identity_id: e.user_identity_id, public_key: fromBase64Url(e.public_key) });
    return { credential_bundle: bundle };
  },
});
