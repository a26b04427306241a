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

/**
 * Live tokens a client session keeps at most (docs/CLOUD.md, "Key-holder flow"). Every
 * /instant_keys/open mints one (each page load of the web app opens the key); minting the 21st
 * drops the oldest, so the table cannot grow without bound and a device that has not opened the
 * key for 20 opens simply opens it again.
 */
export const MAX_TOKENS_PER_CLIENT_SESSION = 20;

/** Stores a new token's hash for `clientSessionId` and drops the oldest beyond the cap. */
export function addClientSessionToken(ctx: CloudContext, clientSessionId: string, tokenHash: Buffer, now: number): void {
  ctx.db.prepare('INSERT INTO client_session_tokens (token_hash, client_session_id, created_at) VALUES (?, ?, ?)').run(tokenHash, clientSessionId, now);
  ctx.db
    .prepare(
      `DELETE FROM client_session_tokens WHERE client_session_id = ? AND rowid NOT IN
         (SELECT rowid FROM client_session_tokens WHERE client_session_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?)`,
    )
    .run(clientSessionId, clientSessionId, MAX_TOKENS_PER_CLIENT_SESSION);
}

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

/**
 * SQL (on client_sessions `s`) for a session that still exists for the operator: not revoked, or
 * revoked while its instant key still exists. A session whose instant key was deleted (or whose
 * identity was) is deleted like Seam's: client_sessions/get answers 404 and /list leaves it out.
 */
export const EXISTING_SESSION_SQL = `(s.revoked_at IS NULL OR EXISTS (SELECT 1 FROM instant_keys k WHERE k.client_session_id = s.client_session_id))`;

/** A session the operator can still read (EXISTING_SESSION_SQL), else 404. */
export function getExistingClientSession(ctx: CloudContext, id: string): ClientSessionRow {
  const row = ctx.db
    .prepare(`SELECT * FROM client_sessions s WHERE s.client_session_id = ? AND s.workspace_id = ? AND ${EXISTING_SESSION_SQL}`)
    .get(id, ctx.workspace.workspace_id) as ClientSessionRow | undefined;
  if (!row) throw notFound('client_session', id);
  return row;
}
