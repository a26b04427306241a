/**
 * Client sessions made with an API key (client_sessions/create, /get_or_create) and deleting one
 * (client_sessions/delete); docs/CLOUD.md "Client sessions". Sessions opened from an instant key
 * are made by /instant_keys/open instead. Tokens are minted here, shown once, stored hashed.
 */
import type { CloudContext } from '../context.js';
import { newId } from '../context.js';
import { invalidInput } from '../http/SeamApiError.js';
import { hashToken, mintClientSessionToken } from '../auth/tokens.js';
import { addClientSessionToken, type ClientSessionRow } from './clientSessions.js';
import { deleteInstantKey } from './instantKeys.js';
import { endClientSession } from './lifecycleEvents.js';

/** A session made by client_sessions/create lives a day unless `expires_at` says otherwise (keyrig's choice). */
export const DEFAULT_CLIENT_SESSION_LIFETIME_MS = 24 * 3_600_000;

function checkExpiry(ctx: CloudContext, expiresAt: number): void {
  if (expiresAt <= ctx.clock.now()) throw invalidInput('expires_at must be in the future');
}

/** Inserts a session for the identity and mints its first token; returns the session id and the token (shown once). */
export function createClientSession(ctx: CloudContext, userIdentityId: string, expiresAt: number | undefined): { id: string; token: string } {
  const now = ctx.clock.now();
  const expires = expiresAt ?? now + DEFAULT_CLIENT_SESSION_LIFETIME_MS;
  checkExpiry(ctx, expires);
  const id = newId(ctx.rng);
  const token = mintClientSessionToken(ctx.rng);
  ctx.db
    .prepare('INSERT INTO client_sessions (client_session_id, workspace_id, user_identity_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)')
    .run(id, ctx.workspace.workspace_id, userIdentityId, now, expires);
  addClientSessionToken(ctx, id, hashToken(token), now);
  return { id, token };
}

/**
 * The identity's newest live session that was made with an API key (not one behind an instant
 * key), or null. Its old tokens cannot be shown again (only their hashes are stored), so the
 * caller mints a fresh one for it (`mintToken`).
 */
export function liveApiClientSession(ctx: CloudContext, userIdentityId: string): ClientSessionRow | null {
  const row = ctx.db
    .prepare(
      `SELECT * FROM client_sessions s WHERE workspace_id = ? AND user_identity_id = ? AND revoked_at IS NULL AND expires_at > ?
         AND NOT EXISTS (SELECT 1 FROM instant_keys k WHERE k.client_session_id = s.client_session_id)
       ORDER BY created_at DESC, client_session_id DESC LIMIT 1`,
    )
    .get(ctx.workspace.workspace_id, userIdentityId, ctx.clock.now()) as ClientSessionRow | undefined;
  return row ?? null;
}

/** A new token for an existing session (the session keeps at most 20 live tokens); `expiresAt` moves its expiry. */
export function mintToken(ctx: CloudContext, s: ClientSessionRow, expiresAt: number | undefined): string {
  if (expiresAt !== undefined) {
    checkExpiry(ctx, expiresAt);
    ctx.db.prepare('UPDATE client_sessions SET expires_at = ? WHERE client_session_id = ?').run(expiresAt, s.client_session_id);
  }
  const token = mintClientSessionToken(ctx.rng);
  addClientSessionToken(ctx, s.client_session_id, hashToken(token), ctx.clock.now());
  return token;
}

/**
 * Deletes a session: first revoked as client_sessions/revoke does (its tokens stop working, its
 * phones' credentials are blocklisted, client_session.deleted is recorded once), then an instant
 * key behind it is deleted and the session row goes, so reading it answers 404.
 */
export function deleteClientSession(ctx: CloudContext, s: ClientSessionRow): void {
  endClientSession(ctx, s, 'client session deleted');
  const keys = ctx.db.prepare('SELECT instant_key_id FROM instant_keys WHERE client_session_id = ?').all(s.client_session_id) as { instant_key_id: string }[];
  for (const k of keys) deleteInstantKey(ctx, k.instant_key_id, 'client session deleted');
  ctx.db.prepare('DELETE FROM client_sessions WHERE client_session_id = ?').run(s.client_session_id);
}
