/** client_session rows and their Seam representation (the token itself is never stored, so never shown again). */
import type { CloudContext } from '../context.js';
import { iso } from '../context.js';
import { notFound } from '../http/SeamApiError.js';

export interface ClientSessionRow {
  client_session_id: string;
  workspace_id: string;
  user_identity_id: string;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
}

export const REDACTED_TOKEN = 'seam_cst_redacted';

export function toClientSession(ctx: CloudContext, s: ClientSessionRow, token?: string) {
  const devices = ctx.db.prepare('SELECT count(*) AS n FROM endpoints WHERE client_session_id = ? AND removed_at IS NULL').get(s.client_session_id) as { n: number };
  return {
    client_session_id: s.client_session_id,
    workspace_id: s.workspace_id,
    created_at: iso(s.created_at),
    expires_at: iso(s.revoked_at !== null ? Math.min(s.revoked_at, s.expires_at) : s.expires_at),
    token: token ?? REDACTED_TOKEN,
    user_identifier_key: null,
    device_count: devices.n,
    connected_account_ids: [],
    connect_webview_ids: [],
    user_identity_ids: [s.user_identity_id],
    user_identity_id: s.user_identity_id,
    keyrig_metadata: { revoked: s.revoked_at !== null },
  };
}

export function getClientSession(ctx: CloudContext, id: string): ClientSessionRow {
  const row = ctx.db.prepare('SELECT * FROM client_sessions WHERE client_session_id = ? AND workspace_id = ?').get(id, ctx.workspace.workspace_id) as
    | ClientSessionRow
    | undefined;
  if (!row) throw notFound('client_session', id);
  return row;
}
