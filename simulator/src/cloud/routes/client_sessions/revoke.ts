/** POST /client_sessions/revoke — its tokens stop working and its phones' credentials are blocklisted. */
import { defineRoute } from '../../http/defineRoute.js';
import { getClientSession } from '../../resources/clientSessions.js';
import { revokeClientSession } from '../../resources/blocklist.js';
import { recordEvent } from '../../resources/events.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.clientSessionsRevoke,
  handler: ({ ctx, input }) => {
    const s = getClientSession(ctx, input.client_session_id);
    ctx.db.transaction(() => {
      revokeClientSession(ctx, s.client_session_id, 'client session revoked');
      recordEvent(ctx, 'client_session.deleted', { client_session_id: s.client_session_id }, { user_identity_id: s.user_identity_id });
    })();
    return {};
  },
});
