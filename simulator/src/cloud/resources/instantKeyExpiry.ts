/**
 * The expiry of an instant key created without `expires_at`: it follows the grants it covers
 * (docs/CLOUD.md "Instant key expiry", issue #16 C1).
 *
 * A following key covers the identity's grants that exist when it is issued and those created
 * while it is still valid (instant_key_grants). Its expiry is the latest `ends_at` of the covered
 * grants that are not deleted (a grant without an end counts as its start + 7 days), recomputed
 * whenever a covered grant is updated or deleted — even after the key expired, so an extension
 * made after expiry reaches the phone. A grant created after the key expired is not covered; with
 * no covered grant left the expiry does not move. Explicitly dated keys (follows_grants = 0) are
 * never touched; a deleted key has no row, so it never revives.
 */
import type { CloudContext } from '../context.js';

/** Lifetime of an instant key without an explicit expires_at when a grant has no end. */
export const DEFAULT_INSTANT_KEY_LIFETIME_MS = 7 * 24 * 3600_000;

/**
 * The expiry of a new following key (C1): the latest end among the identity's grants (an open
 * grant: its start + 7 days); with no grant, or only ones that ended, a week from now.
 */
export function followingKeyExpiry(ctx: CloudContext, userIdentityId: string): number {
  const now = ctx.clock.now();
  const row = ctx.db
    .prepare('SELECT max(coalesce(ends_at, starts_at + ?)) AS until FROM access_grants WHERE user_identity_id = ?')
    .get(DEFAULT_INSTANT_KEY_LIFETIME_MS, userIdentityId) as { until: number | null };
  return row.until !== null && row.until > now ? row.until : now + DEFAULT_INSTANT_KEY_LIFETIME_MS;
}

/** The latest end of the grants `instantKeyId` covers, or null when it covers none. */
export function coveredGrantsEnd(ctx: CloudContext, instantKeyId: string): number | null {
  const row = ctx.db
    .prepare(
      `SELECT max(coalesce(g.ends_at, g.starts_at + ?)) AS until FROM instant_key_grants c JOIN access_grants g USING (access_grant_id)
        WHERE c.instant_key_id = ?`,
    )
    .get(DEFAULT_INSTANT_KEY_LIFETIME_MS, instantKeyId) as { until: number | null };
  return row.until;
}

/** Records that a following key covers every grant its identity has now (at issue). */
export function coverExistingGrants(ctx: CloudContext, instantKeyId: string, userIdentityId: string): void {
  ctx.db
    .prepare('INSERT OR IGNORE INTO instant_key_grants (instant_key_id, access_grant_id) SELECT ?, access_grant_id FROM access_grants WHERE user_identity_id = ?')
    .run(instantKeyId, userIdentityId);
}

/** A grant was created: the identity's following keys still valid now cover it, and follow it. */
export function coverNewGrant(ctx: CloudContext, userIdentityId: string, accessGrantId: string): void {
  const keys = ctx.db
    .prepare('SELECT instant_key_id FROM instant_keys WHERE user_identity_id = ? AND follows_grants = 1 AND expires_at > ?')
    .all(userIdentityId, ctx.clock.now()) as { instant_key_id: string }[];
  const cover = ctx.db.prepare('INSERT OR IGNORE INTO instant_key_grants (instant_key_id, access_grant_id) VALUES (?, ?)');
  for (const k of keys) {
    cover.run(k.instant_key_id, accessGrantId);
    followCoveredGrants(ctx, k.instant_key_id);
  }
}

/** The following keys that cover a grant (expired ones included). */
export function keysCovering(ctx: CloudContext, accessGrantId: string): string[] {
  return (
    ctx.db
      .prepare('SELECT c.instant_key_id FROM instant_key_grants c JOIN instant_keys k USING (instant_key_id) WHERE c.access_grant_id = ? AND k.follows_grants = 1')
      .all(accessGrantId) as { instant_key_id: string }[]
  ).map((r) => r.instant_key_id);
}

/**
 * Sets a following key's expiry (and its client session's, unless revoked) to the latest end of
 * the grants it covers; leaves it alone when it covers none.
 */
export function followCoveredGrants(ctx: CloudContext, instantKeyId: string): void {
  const until = coveredGrantsEnd(ctx, instantKeyId);
  if (until === null) return;
  const k = ctx.db.prepare('SELECT client_session_id FROM instant_keys WHERE instant_key_id = ? AND follows_grants = 1').get(instantKeyId) as
    | { client_session_id: string }
    | undefined;
  if (!k) return;
  ctx.db.prepare('UPDATE instant_keys SET expires_at = ? WHERE instant_key_id = ?').run(until, instantKeyId);
  ctx.db.prepare('UPDATE client_sessions SET expires_at = ? WHERE client_session_id = ? AND revoked_at IS NULL').run(until, k.client_session_id);
}
