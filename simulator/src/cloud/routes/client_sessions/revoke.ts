/** POST /client_sessions/revoke — its tokens stop working and its phones' credentials are blocklisted;
 * client_session.deleted is recorded the first time only. */
import { defineRoute } from '../../http/defineRoute.js';
import { getClientSession } from '../../resources/clientSessions.js';
import { endClientSession } from '../../resources/lifecycleEvents.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.clientSessionsRevoke,
  handler: ({ ctx, input }) => {
    const s = getClientSession(ctx, input.client_session_id);
    ctx.db.transaction(() => endClientSession(ctx, s, 'client session revoked'))();
    return {};
  },
});
