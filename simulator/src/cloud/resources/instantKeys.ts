/** instant_key rows, their Seam representation, creation, and deletion (which revokes the holder's phones). */
import type { CloudContext } from '../context.js';
import { iso, newId } from '../context.js';
import { notFound } from '../http/SeamApiError.js';
import { hashToken, mintInstantKeySecret } from '../auth/tokens.js';
import { endClientSession } from './lifecycleEvents.js';
import { coverExistingGrants } from './instantKeyExpiry.js';

export interface InstantKeyRow {
  instant_key_id: string;
  workspace_id: string;
  user_identity_id: string;
  client_session_id: string;
  secret_hash: Buffer;
  /** AES-GCM of the secret (keys/InstantKeySecrets.ts); null for keys created before migration 5. */
  secret_ciphertext: Buffer | null;
  max_use_count: number;
  customization_json: string | null;
  customization_profile_id: string | null;
  created_at: number;
  expires_at: number;
  follows_grants: number;
}

export { DEFAULT_INSTANT_KEY_LIFETIME_MS } from './instantKeyExpiry.js';

/** Path of the instant key page; the web app is served here later (docs/CLOUD.md). */
export const INSTANT_KEY_PATH = '/ik/';
/**
 * Stands in for the secret of a key created before secrets were stored encrypted (migration 5):
 * only its hash exists, so its URL cannot be shown again (docs/SECURITY.md, "Instant key URLs at rest").
 */
export const REDACTED_SECRET = 'redacted';

export function instantKeyUrl(ctx: CloudContext, secret: string): string {
  return `${ctx.publicUrl()}${INSTANT_KEY_PATH}${secret}`;
}

/** The key's secret from its ciphertext; null for a key stored before migration 5 (hash only). */
export function storedSecret(ctx: CloudContext, k: Pick<InstantKeyRow, 'instant_key_id' | 'secret_ciphertext'>): string | null {
  if (!k.secret_ciphertext) return null;
  const secret = ctx.instantKeySecrets.decrypt(k.secret_ciphertext, k.instant_key_id);
  if (secret === null) ctx.logger.warn({ instantKeyId: k.instant_key_id }, 'instant key secret does not decrypt with the key file: URL shown redacted');
  return secret;
}

/** The real URL whenever the secret is stored encrypted (or given); redacted for keys from before migration 5. */
export function toInstantKey(ctx: CloudContext, k: InstantKeyRow, secret?: string) {
  return {
    instant_key_id: k.instant_key_id,
    workspace_id: k.workspace_id,
    created_at: iso(k.created_at),
    instant_key_url: instantKeyUrl(ctx, secret ?? storedSecret(ctx, k) ?? REDACTED_SECRET),
    client_session_id: k.client_session_id,
    user_identity_id: k.user_identity_id,
    expires_at: iso(k.expires_at),
    ...(k.customization_profile_id ? { customization_profile_id: k.customization_profile_id } : {}),
    ...(k.customization_json ? { customization: JSON.parse(k.customization_json) as Record<string, string> } : {}),
    keyrig_metadata: { max_use_count: k.max_use_count, use_count: useCount(ctx, k.instant_key_id) },
  };
}

/** Endpoints (phones/browsers) registered with this key, removed ones included: each counts as a use. */
export function useCount(ctx: CloudContext, instantKeyId: string): number {
  return (ctx.db.prepare('SELECT count(*) AS n FROM endpoints WHERE instant_key_id = ?').get(instantKeyId) as { n: number }).n;
}

export function getInstantKey(ctx: CloudContext, id: string): InstantKeyRow {
  const row = ctx.db.prepare('SELECT * FROM instant_keys WHERE instant_key_id = ? AND workspace_id = ?').get(id, ctx.workspace.workspace_id) as
    | InstantKeyRow
    | undefined;
  if (!row) throw notFound('instant_key', id);
  return row;
}

/** The secret segment of an instant key URL (accepts the whole URL or just the secret). */
export function secretFromUrl(urlOrSecret: string): string | null {
  const i = urlOrSecret.lastIndexOf(INSTANT_KEY_PATH);
  const s = i >= 0 ? urlOrSecret.slice(i + INSTANT_KEY_PATH.length) : urlOrSecret;
  const clean = s.split(/[?#/]/)[0] ?? '';
  return /^[A-Za-z0-9_-]{43}$/.test(clean) ? clean : null;
}

export interface NewInstantKey {
  user_identity_id: string;
  max_use_count: number;
  expires_at: number;
  /** Follows the identity's grants (no explicit expires_at: instantKeyExpiry.ts). */
  follows_grants: boolean;
  customization: Record<string, string> | null;
  customization_profile_id: string | null;
}

/**
 * Mints an instant key and its client session (inside the caller's transaction): the secret is
 * stored as its hash (lookup) and encrypted (read back). Returns the id and the secret.
 */
export function insertInstantKey(ctx: CloudContext, k: NewInstantKey): { instant_key_id: string; secret: string } {
  const now = ctx.clock.now();
  const secret = mintInstantKeySecret(ctx.rng);
  const id = newId(ctx.rng);
  const sessionId = newId(ctx.rng);
  ctx.db
    .prepare('INSERT INTO client_sessions (client_session_id, workspace_id, user_identity_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)')
    .run(sessionId, ctx.workspace.workspace_id, k.user_identity_id, now, k.expires_at);
  ctx.db
    .prepare(
      `INSERT INTO instant_keys (instant_key_id, workspace_id, user_identity_id, client_session_id, secret_hash, secret_ciphertext, max_use_count,
         customization_json, customization_profile_id, created_at, expires_at, follows_grants) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      id, ctx.workspace.workspace_id, k.user_identity_id, sessionId, hashToken(secret), ctx.instantKeySecrets.encrypt(secret, id), k.max_use_count,
      k.customization ? JSON.stringify(k.customization) : null, k.customization_profile_id, now, k.expires_at, k.follows_grants ? 1 : 0,
    );
  if (k.follows_grants) coverExistingGrants(ctx, id, k.user_identity_id);
  return { instant_key_id: id, secret };
}

/** Deletes an instant key: its client session is revoked and every phone it set up loses its credentials. */
export function deleteInstantKey(ctx: CloudContext, id: string, reason: string): void {
  const k = ctx.db.prepare('SELECT * FROM instant_keys WHERE instant_key_id = ?').get(id) as InstantKeyRow | undefined;
  if (!k) return;
  endClientSession(ctx, k, reason);
  ctx.db.prepare('DELETE FROM instant_keys WHERE instant_key_id = ?').run(id);
}
