/** POST /client_sessions/create — a session for a user identity; its token (`seam_cst1_…`, 192 bits) is in this answer only. */
import { defineRoute } from '../../http/defineRoute.js';
import { getClientSession, toClientSession } from '../../resources/clientSessions.js';
import { createClientSession } from '../../resources/clientSessionCreation.js';
import { getUserIdentity } from '../../resources/userIdentities.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.clientSessionsCreate,
  handler: ({ ctx, input }) => {
    const identity = getUserIdentity(ctx, input.user_identity_id ?? input.user_identity_ids![0]!);
    const { id, token } = ctx.db.transaction(() => createClientSession(ctx, identity.user_identity_id, input.expires_at))();
    return { client_session: toClientSession(ctx, getClientSession(ctx, id), token) };
  },
});
