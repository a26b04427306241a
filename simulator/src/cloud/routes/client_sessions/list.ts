/** POST /client_sessions/list */
import { z } from 'zod';
import { defineRoute } from '../../http/defineRoute.js';
import { uuidParam } from '../../http/params.js';
import { toClientSession, type ClientSessionRow } from '../../resources/clientSessions.js';

export const clientSessionsListInput = z.object({ user_identity_id: uuidParam('user_identity_id').optional() }).strict();

export default defineRoute({
  path: '/client_sessions/list',
  auth: ['api_key'],
  input: clientSessionsListInput,
  handler: ({ ctx, input }) => {
    const rows = ctx.db
      .prepare('SELECT * FROM client_sessions WHERE workspace_id = ? AND (? IS NULL OR user_identity_id = ?) ORDER BY created_at, client_session_id')
      .all(ctx.workspace.workspace_id, input.user_identity_id ?? null, input.user_identity_id ?? null) as ClientSessionRow[];
    return { client_sessions: rows.map((r) => toClientSession(ctx, r)) };
  },
});
