/**
 * POST /access_grants/create — grants a user identity access to entrances for a time window,
 * delivered as mobile keys: each `mobile_key` access method gets an instant key at once, whose
 * URL the grant returns as `instant_key_url` (Seam's hospitality flow). keyrig's entrances come
 * from `acs_entrance_ids`, the deprecated `location.acs_entrance_ids` and (once spaces exist) the
 * spaces of `space_ids`; `reservation_key`, `customization_profile_id` and `space_ids` are kept
 * and echoed (docs/CLOUD.md "Compatibility"). keyrig extensions: `floors` narrows elevator access,
 * `keyrig_key_mode` chooses override (default: a new guest, supersedes earlier keys at its
 * guest-room doors on first use) or joiner (shares the doors' current key sequence).
 */
import { defineRoute } from '../../http/defineRoute.js';
import { invalidInput } from '../../http/SeamApiError.js';
import { getAccessGrant, toAccessGrant } from '../../resources/accessGrants.js';
import { insertAccessGrant } from '../../resources/grantLifecycle.js';
import { resolveSpaceIds } from '../../resources/grantSpaces.js';
import { getUserIdentity, uniqueViolationField } from '../../resources/userIdentities.js';
import { insertUserIdentity } from '../user_identities/create.js';
import { checkEntrancesAndFloors } from './checkEntrancesAndFloors.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.accessGrantsCreate,
  handler: ({ ctx, input }) => {
    const now = ctx.clock.now();
    const starts = input.starts_at ?? now;
    const ends = input.ends_at ?? null;
    if (ends !== null && ends <= starts) throw invalidInput('ends_at must be after starts_at');
    if (ends !== null && ends <= now) throw invalidInput('ends_at must be in the future');
    const spaces = resolveSpaceIds(ctx, [...(input.space_ids ?? []), ...(input.location_ids ?? [])], input.space_keys ?? []);
    const entranceIds = [...new Set([...(input.acs_entrance_ids ?? []), ...(input.location?.acs_entrance_ids ?? []), ...spaces.acs_entrance_ids])];
    if (entranceIds.length === 0) {
      throw invalidInput('an access grant needs at least one entrance: give acs_entrance_ids (keyrig spaces carry none yet)', undefined, {
        _errors: [],
        acs_entrance_ids: { _errors: ['acs_entrance_ids needs at least one entrance'] },
      });
    }
    checkEntrancesAndFloors(ctx, entranceIds, input.floors ?? null);
    const id = ctx.db.transaction(() => {
      const userIdentityId = input.user_identity ? insertUserIdentity(ctx, input.user_identity) : getUserIdentity(ctx, input.user_identity_id!).user_identity_id;
      try {
        return insertAccessGrant(ctx, {
          user_identity_id: userIdentityId,
          acs_entrance_ids: entranceIds,
          starts_at: starts,
          ends_at: ends,
          floors: input.floors ?? null,
          name: input.name ?? null,
          access_grant_key: input.access_grant_key ?? null,
          key_mode: input.keyrig_key_mode ?? 'override',
          methods: input.requested_access_methods.map((m) => ({ instant_key_max_use_count: m.instant_key_max_use_count ?? null })),
          reservation_key: input.reservation_key ?? null,
          customization_profile_id: input.customization_profile_id ?? null,
          space_ids: spaces.space_ids,
        });
      } catch (err) {
        const field = uniqueViolationField(err);
        if (field) throw invalidInput(`an access grant with this ${field} already exists`);
        throw err;
      }
    })();
    return { access_grant: toAccessGrant(ctx, getAccessGrant(ctx, id)) };
  },
});
