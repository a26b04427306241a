/**
 * Who is calling: a workspace API key (full access to its workspace) or a key holder's
 * client-session token (only the key-holder routes, only for its own identity: least privilege).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { CloudContext } from '../context.js';
import { forbidden, unauthorized } from '../http/SeamApiError.js';
import { iso } from '../context.js';
import { hashesMatch, hashToken } from './tokens.js';

export type CallerKind = 'api_key' | 'client_session';

export type Caller =
  | { kind: 'api_key'; workspace_id: string; api_key_id: string }
  | {
      kind: 'client_session';
      workspace_id: string;
      client_session_id: string;
      user_identity_id: string;
      /** The instant key that created the session (null for sessions made with the API). */
      instant_key_id: string | null;
    };

interface ApiKeyRow { api_key_id: string; workspace_id: string; token_hash: Buffer }
interface SessionRow {
  token_hash: Buffer; client_session_id: string; workspace_id: string; user_identity_id: string;
  expires_at: number; revoked_at: number | null; instant_key_id: string | null;
}

export function bearerToken(headers: IncomingHttpHeaders): string {
  const header = headers.authorization;
  if (header === undefined || header === '') throw unauthorized('missing Authorization header (expected "Bearer <api key or client session token>")');
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  if (!m) throw unauthorized('malformed Authorization header (expected "Bearer <token>")');
  return m[1]!;
}

export function authenticate(ctx: CloudContext, headers: IncomingHttpHeaders): Caller {
  const token = bearerToken(headers);
  const hash = hashToken(token);
  if (token.startsWith('seam_cst')) {
    const row = ctx.db
      .prepare(
        `SELECT t.token_hash, s.client_session_id, s.workspace_id, s.user_identity_id, s.expires_at, s.revoked_at,
                (SELECT instant_key_id FROM instant_keys k WHERE k.client_session_id = s.client_session_id) AS instant_key_id
           FROM client_session_tokens t JOIN client_sessions s USING (client_session_id) WHERE t.token_hash = ?`,
      )
      .get(hash) as SessionRow | undefined;
    if (!row || !hashesMatch(row.token_hash, hash)) throw unauthorized('unknown client session token');
    if (row.revoked_at !== null) throw unauthorized('this client session was revoked');
    if (row.expires_at <= ctx.clock.now()) {
      // C3 (CLOUD.md): the session of an expired instant key is 403 instant_key_expired on every
      // key-holder route (its holder is known, only late); 401 stays for unknown/revoked tokens.
      if (row.instant_key_id !== null) throw forbidden('instant_key_expired', `this instant key expired at ${iso(row.expires_at)}`);
      throw unauthorized('this client session has expired');
    }
    return {
      kind: 'client_session',
      workspace_id: row.workspace_id,
      client_session_id: row.client_session_id,
      user_identity_id: row.user_identity_id,
      instant_key_id: row.instant_key_id,
    };
  }
  if (token.startsWith('seam_')) {
    const row = ctx.db.prepare('SELECT api_key_id, workspace_id, token_hash FROM api_keys WHERE token_hash = ?').get(hash) as
      | ApiKeyRow
      | undefined;
    if (!row || !hashesMatch(row.token_hash, hash)) throw unauthorized('unknown API key');
    return { kind: 'api_key', workspace_id: row.workspace_id, api_key_id: row.api_key_id };
  }
  throw unauthorized('unrecognized token: API keys start with "seam_", client session tokens with "seam_cst"');
}
