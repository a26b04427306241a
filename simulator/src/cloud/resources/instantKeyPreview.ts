/** What an instant key opens, for the key holder's page (Seam's preview: access[] and key_status). */
import type { CloudContext } from '../context.js';
import { currentGrantsOf, grantEntranceIds } from './accessGrants.js';
import { getEntrance } from './entrances.js';
import { useCount, type InstantKeyRow } from './instantKeys.js';
import { describeSchedule } from '../../property/schedule.js';

export function instantKeyPreview(ctx: CloudContext, k: InstantKeyRow) {
  const now = ctx.clock.now();
  const access = [];
  for (const g of currentGrantsOf(ctx, k.user_identity_id)) {
    for (const id of grantEntranceIds(ctx, g.access_grant_id)) {
      const e = getEntrance(ctx, id);
      access.push({
        name: e.display_name,
        acs_entrance_id: e.acs_entrance_id,
        type: e.type,
        hours: describeSchedule(e.hours),
        floors: e.floors,
        available: g.starts_at <= now,
        starts_at: new Date(g.starts_at).toISOString(),
        ends_at: g.ends_at === null ? null : new Date(g.ends_at).toISOString(),
      });
    }
  }
  const uses = useCount(ctx, k.instant_key_id);
  const key_status: 'expired' | 'used' | 'ready' = k.expires_at <= now ? 'expired' : uses >= k.max_use_count ? 'used' : 'ready';
  return { key_status, access, use_count: uses, max_use_count: k.max_use_count, expires_at: new Date(k.expires_at).toISOString() };
}
