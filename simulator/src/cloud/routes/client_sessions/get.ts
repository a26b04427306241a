/** POST /client_sessions/get — by id (API key), or the caller's own session (client session token). */
import { z } from 'zod';
import { defineRoute } from '../../http/defineRoute.js';
import { uuidParam } from '../../http/params.js';
import { forbidden, invalidInput } from '../../http/SeamApiError.js';
import { getClientSession, toClientSession } from '../../resources/clientSessions.js';

export const clientSessionsGetInput = z.object({ client_session_id: uuidParam('client_session_id').optional(), user_identifier_key: z.string().optional() }).strict();

export default defineRoute({
  path: '/client_sessions/get',
  auth: ['api_key', 'client_session'],
  input: clientSessionsGetInput,
  handler: ({ ctx, input, caller }) => {
    let id = input.client_session_id;
    if (caller?.kind === 'client_session') {
      if (id !== undefined && id !== caller.client_session_id) throw forbidden('forbidden', 'a client session token can only read its own session');
      id = caller.client_session_id;
    }
    if (id === undefined) throw invalidInput('client_session_id is required');
    return { client_session: toClientSession(ctx, getClientSession(ctx, id)) };
  },
});
