/** POST /client_sessions/list — without sessions whose instant key was deleted. */
import { defineRoute } from '../../http/defineRoute.js';
import { EXISTING_SESSION_SQL, toClientSession, type ClientSessionRow } from '../../resources/clientSessions.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.clientSessionsList,
  handler: ({ ctx, input }) => {
    const rows = ctx.db
      .prepare(`SELECT * FROM client_sessions s WHERE workspace_id = ? AND (? IS NULL OR user_identity_id = ?) AND ${EXISTING_SESSION_SQL} ORDER BY created_at, client_session_id`)
      .all(ctx.workspace.workspace_id, input.user_identity_id ?? null, input.user_identity_id ?? null) as ClientSessionRow[];
    return { client_sessions: rows.map((r) => toClientSession(ctx, r)) };
  },
});
