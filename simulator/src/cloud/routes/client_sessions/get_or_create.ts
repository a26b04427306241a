/**
 * POST /client_sessions/get_or_create — the identity's newest live session made with an API key
 * (`expires_at` moves its expiry), else a new one. keyrig stores tokens hashed, so the answer
 * carries a freshly minted token of that session (earlier tokens stay valid, up to 20 live).
 */
import { defineRoute } from '../../http/defineRoute.js';
import { getClientSession, toClientSession } from '../../resources/clientSessions.js';
import { createClientSession, liveApiClientSession, mintToken } from '../../resources/clientSessionCreation.js';
import { getUserIdentity } from '../../resources/userIdentities.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.clientSessionsGetOrCreate,
  handler: ({ ctx, input }) => {
    const identity = getUserIdentity(ctx, input.user_identity_id ?? input.user_identity_ids![0]!);
    const { id, token } = ctx.db.transaction(() => {
      const existing = liveApiClientSession(ctx, identity.user_identity_id);
      if (existing) return { id: existing.client_session_id, token: mintToken(ctx, existing, input.expires_at) };
      return createClientSession(ctx, identity.user_identity_id, input.expires_at);
    })();
    return { client_session: toClientSession(ctx, getClientSession(ctx, id), token) };
  },
});
