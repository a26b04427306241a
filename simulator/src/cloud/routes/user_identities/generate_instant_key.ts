/**
 * POST /user_identities/generate_instant_key — a time-limited link that sets up the identity's
 * mobile keys on a phone or browser. The URL's secret is stored hashed (lookup) and encrypted (read back).
 * Each distinct device that registers with the key uses one of `max_use_count`.
 */
import type { CloudContext } from '../../context.js';
import { defineRoute } from '../../http/defineRoute.js';
import { invalidInput } from '../../http/SeamApiError.js';
import { getInstantKey, insertInstantKey, toInstantKey } from '../../resources/instantKeys.js';
import { followingKeyExpiry } from '../../resources/instantKeyExpiry.js';
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
    // By default the link follows the identity's grants (C1, instantKeyExpiry.ts).
    if (expires === undefined) expires = followingKeyExpiry(ctx, identity.user_identity_id);
    if (expires <= now) throw invalidInput('expires_at must be in the future');
    const maxUseCount = input.max_use_count ?? defaultMaxUseCount(ctx, identity.user_identity_id);
    const { instant_key_id: id, secret } = ctx.db.transaction(() =>
      insertInstantKey(ctx, {
        user_identity_id: identity.user_identity_id,
        max_use_count: maxUseCount,
        expires_at: expires,
        follows_grants: input.expires_at === undefined,
        customization: input.customization ?? null,
        customization_profile_id: input.customization_profile_id ?? null,
      }),
    )();
    return { instant_key: toInstantKey(ctx, getInstantKey(ctx, id), secret) };
  },
});
