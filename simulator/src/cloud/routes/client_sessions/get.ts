/**
 * POST /client_sessions/get — by id (API key), or the caller's own session (client session token).
 * A session whose instant key was deleted no longer exists (404, as Seam).
 */
import { defineRoute } from '../../http/defineRoute.js';
import { forbidden, invalidInput } from '../../http/SeamApiError.js';
import { getExistingClientSession, toClientSession } from '../../resources/clientSessions.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.clientSessionsGet,
  handler: ({ ctx, input, caller }) => {
    let id = input.client_session_id;
    if (caller?.kind === 'client_session') {
      if (id !== undefined && id !== caller.client_session_id) throw forbidden('forbidden', 'a client session token can only read its own session');
      id = caller.client_session_id;
    }
    if (id === undefined) throw invalidInput('client_session_id is required');
    return { client_session: toClientSession(ctx, getExistingClientSession(ctx, id)) };
  },
});
