/** instant_key rows, their Seam representation, and deletion (which revokes the holder's phones). */
import type { CloudContext } from '../context.js';
import { iso } from '../context.js';
import { notFound } from '../http/SeamApiError.js';
import { endClientSession } from './lifecycleEvents.js';

export interface InstantKeyRow {
  instant_key_id: string;
  workspace_id: string;
  user_identity_id: string;
  client_session_id: string;
  secret_hash: Buffer;
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
/** Stands in for the secret wherever the URL is shown after creation (only its hash is stored). */
export const REDACTED_SECRET = 'redacted';

export function instantKeyUrl(ctx: CloudContext, secret: string): string {
  return `${ctx.publicUrl()}${INSTANT_KEY_PATH}${secret}`;
}

/** `secret` is known only in the generate_instant_key response; later reads show a redacted URL. */
export function toInstantKey(ctx: CloudContext, k: InstantKeyRow, secret?: string) {
  return {
    instant_key_id: k.instant_key_id,
    workspace_id: k.workspace_id,
    created_at: iso(k.created_at),
    instant_key_url: instantKeyUrl(ctx, secret ?? REDACTED_SECRET),
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

/** Deletes an instant key: its client session is revoked and every phone it set up loses its credentials. */
export function deleteInstantKey(ctx: CloudContext, id: string, reason: string): void {
  const k = ctx.db.prepare('SELECT * FROM instant_keys WHERE instant_key_id = ?').get(id) as InstantKeyRow | undefined;
  if (!k) return;
  endClientSession(ctx, k, reason);
  ctx.db.prepare('DELETE FROM instant_keys WHERE instant_key_id = ?').run(id);
}
