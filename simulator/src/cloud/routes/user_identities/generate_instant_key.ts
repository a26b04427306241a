/**
 * POST /user_identities/generate_instant_key — a time-limited link that sets up the identity's
 * mobile keys on a phone or browser. The URL's secret is returned only here (stored hashed).
 * Each distinct device that registers with the key uses one of `max_use_count`.
 */
import { newId, type CloudContext } from '../../context.js';
import { defineRoute } from '../../http/defineRoute.js';
import { invalidInput } from '../../http/SeamApiError.js';
import { hashToken, mintInstantKeySecret } from '../../auth/tokens.js';
import { getInstantKey, toInstantKey } from '../../resources/instantKeys.js';
import { coverExistingGrants, DEFAULT_INSTANT_KEY_LIFETIME_MS } from '../../resources/instantKeyExpiry.js';
import { getUserIdentity } from '../../resources/userIdentities.js';
import { cloudApi } from '@keyrig/api';

/**
 * C2 (CLOUD.md): the largest instant_key_max_use_count among the identity's grants that have not
 * ended (ends_at in the future or none; deleted grants have no row) at the time of the call, else 1.
 */
function defaultMaxUseCount(ctx: CloudContext, userIdentityId: string): number {
  const row = ctx.db
    .prepare(
      `SELECT max(m.instant_key_max_use_count) AS n FROM access_methods m JOIN access_grants g USING (access_grant_id)
        WHERE g.user_identity_id = ? AND (g.ends_at IS NULL OR g.ends_at > ?)`,
    )
    .get(userIdentityId, ctx.clock.now()) as { n: number | null };
  return row.n ?? 1;
}

export default defineRoute({
  ...cloudApi.generateInstantKey,
  handler: ({ ctx, input }) => {
    const identity = getUserIdentity(ctx, input.user_identity_id);
    const now = ctx.clock.now();
    let expires = input.expires_at;
    if (expires === undefined) {
      // By default the link follows the identity's grants (C1, instantKeyExpiry.ts): it lives until
      // the latest end among them (an open grant: its start + 7 days). With no grant, or only ones
      // that ended, a week from now.
      const row = ctx.db
        .prepare('SELECT max(coalesce(ends_at, starts_at + ?)) AS until FROM access_grants WHERE user_identity_id = ?')
        .get(DEFAULT_INSTANT_KEY_LIFETIME_MS, identity.user_identity_id) as { until: number | null };
      expires = row.until !== null && row.until > now ? row.until : now + DEFAULT_INSTANT_KEY_LIFETIME_MS;
    }
    if (expires <= now) throw invalidInput('expires_at must be in the future');
    const maxUseCount = input.max_use_count ?? defaultMaxUseCount(ctx, identity.user_identity_id);
    const secret = mintInstantKeySecret(ctx.rng);
    const id = newId(ctx.rng);
    const sessionId = newId(ctx.rng);
    ctx.db.transaction(() => {
      ctx.db
        .prepare('INSERT INTO client_sessions (client_session_id, workspace_id, user_identity_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)')
        .run(sessionId, ctx.workspace.workspace_id, identity.user_identity_id, now, expires);
      ctx.db
        .prepare(
          `INSERT INTO instant_keys (instant_key_id, workspace_id, user_identity_id, client_session_id, secret_hash, max_use_count, customization_json, customization_profile_id, created_at, expires_at, follows_grants)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(id, ctx.workspace.workspace_id, identity.user_identity_id, sessionId, hashToken(secret), maxUseCount, input.customization ? JSON.stringify(input.customization) : null, input.customization_profile_id ?? null, now, expires, input.expires_at === undefined ? 1 : 0);
      if (input.expires_at === undefined) coverExistingGrants(ctx, id, identity.user_identity_id);
    })();
    return { instant_key: toInstantKey(ctx, getInstantKey(ctx, id), secret) };
  },
});
