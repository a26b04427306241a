/** POST /client_sessions/delete — revoked (as /revoke), an instant key behind it deleted, then gone: get answers 404. */
import { defineRoute } from '../../http/defineRoute.js';
import { getClientSession } from '../../resources/clientSessions.js';
import { deleteClientSession } from '../../resources/clientSessionCreation.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.clientSessionsDelete,
  handler: ({ ctx, input }) => {
    const s = getClientSession(ctx, input.client_session_id);
    ctx.db.transaction(() => deleteClientSession(ctx, s))();
    return {};
  },
});
