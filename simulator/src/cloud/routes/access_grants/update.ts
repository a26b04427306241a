/**
 * POST /access_grants/update — change the window (starts_at/ends_at) or entrances. Shortening
 * revokes issued documents the grant no longer covers; extending reaches the holder's next load.
 */
import { defineRoute } from '../../http/defineRoute.js';
import { invalidInput } from '../../http/SeamApiError.js';
import { getAccessGrant, grantEntranceIds } from '../../resources/accessGrants.js';
import { changeAccessGrant } from '../../resources/grantLifecycle.js';
import { checkEntrancesAndFloors } from './checkEntrancesAndFloors.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.accessGrantsUpdate,
  handler: ({ ctx, input }) => {
    const g = getAccessGrant(ctx, input.access_grant_id);
    const starts = input.starts_at ?? g.starts_at;
    const ends = input.ends_at === undefined ? g.ends_at : input.ends_at;
    if (ends !== null && ends <= starts) throw invalidInput('ends_at must be after starts_at');
    const floors = g.floors_json ? (JSON.parse(g.floors_json) as number[]) : null;
    checkEntrancesAndFloors(ctx, input.acs_entrance_ids ?? grantEntranceIds(ctx, g.access_grant_id), floors, false);
    ctx.db.transaction(() => changeAccessGrant(ctx, g, { starts_at: starts, ends_at: ends, acs_entrance_ids: input.acs_entrance_ids ?? null, name: input.name ?? null }))();
    return {};
  },
});
