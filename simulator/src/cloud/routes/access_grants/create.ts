/**
 * POST /access_grants/create — grants a user identity access to entrances for a time window,
 * delivered as mobile keys. keyrig supports `acs_entrance_ids` (no devices/spaces/locations) and
 * the `mobile_key` mode; keyrig extensions: `floors` narrows elevator access, `keyrig_key_mode`
 * chooses override (default: a new guest, supersedes earlier keys at its guest-room doors on
 * first use) or joiner (shares the doors' current key sequence; docs/CLOUD.md "Key sequences").
 */
import { defineRoute } from '../../http/defineRoute.js';
import { invalidInput } from '../../http/SeamApiError.js';
import { getAccessGrant, toAccessGrant } from '../../resources/accessGrants.js';
import { insertAccessGrant } from '../../resources/grantLifecycle.js';
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
    checkEntrancesAndFloors(ctx, input.acs_entrance_ids, input.floors ?? null);
    const id = ctx.db.transaction(() => {
      const userIdentityId = input.user_identity ? insertUserIdentity(ctx, input.user_identity) : getUserIdentity(ctx, input.user_identity_id!).user_identity_id;
      try {
        return insertAccessGrant(ctx, {
          user_identity_id: userIdentityId,
          acs_entrance_ids: input.acs_entrance_ids,
          starts_at: starts,
          ends_at: ends,
          floors: input.floors ?? null,
          name: input.name ?? null,
          access_grant_key: input.access_grant_key ?? null,
          key_mode: input.keyrig_key_mode ?? 'override',
          methods: input.requested_access_methods.map((m) => ({ instant_key_max_use_count: m.instant_key_max_use_count ?? null })),
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
