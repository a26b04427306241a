/**
 * POST /access_grants/create — grants a user identity access to entrances for a time window,
 * delivered as mobile keys. keyrig supports `acs_entrance_ids` (no devices/spaces/locations) and
 * the `mobile_key` mode; keyrig extensions: `floors` narrows elevator access, `keyrig_key_mode`
 * chooses override (default: a new guest, supersedes earlier keys at its guest-room doors on
 * first use) or joiner (shares the doors' current key sequence; docs/CLOUD.md "Key sequences").
 */
import { z } from 'zod';
import { defineRoute } from '../../http/defineRoute.js';
import { arrayParam, intParam, isoTimeParam, uuidParam } from '../../http/params.js';
import { invalidInput } from '../../http/SeamApiError.js';
import { getAccessGrant, toAccessGrant } from '../../resources/accessGrants.js';
import { insertAccessGrant } from '../../resources/grantLifecycle.js';
import { getUserIdentity, uniqueViolationField } from '../../resources/userIdentities.js';
import { insertUserIdentity, userIdentityFields } from '../user_identities/create.js';
import { checkEntrancesAndFloors } from './checkEntrancesAndFloors.js';

const emptyOnly = (name: string) =>
  arrayParam(z.string()).refine((a) => a.length === 0, `keyrig does not support ${name}; use acs_entrance_ids`).optional();

export const accessGrantsCreateInput = z
  .object({
    user_identity_id: uuidParam('user_identity_id').optional(),
    user_identity: z.object(userIdentityFields).strict().optional(),
    acs_entrance_ids: arrayParam(uuidParam('acs_entrance_ids[]')).refine((a) => a.length > 0, 'acs_entrance_ids needs at least one entrance'),
    device_ids: emptyOnly('device_ids'),
    space_ids: emptyOnly('space_ids'),
    location_ids: emptyOnly('location_ids'),
    starts_at: isoTimeParam('starts_at').optional(),
    ends_at: isoTimeParam('ends_at').nullable().optional(),
    name: z.string().min(1).max(200).optional(),
    access_grant_key: z.string().min(1).max(200).optional(),
    customization_profile_id: uuidParam('customization_profile_id').optional(),
    floors: arrayParam(intParam('floors[]', -20, 300)).optional(),
    keyrig_key_mode: z.enum(['override', 'joiner'], { error: 'keyrig_key_mode must be "override" or "joiner"' }).optional(),
    requested_access_methods: z
      .array(
        z
          .object({
            mode: z.literal('mobile_key', { error: 'keyrig issues mobile keys only: requested_access_methods[].mode must be "mobile_key"' }),
            instant_key_max_use_count: intParam('instant_key_max_use_count', 1, 1000).optional(),
          })
          .strict(),
      )
      .min(1, 'requested_access_methods needs at least one entry'),
  })
  .strict()
  .refine((i) => (i.user_identity_id === undefined) !== (i.user_identity === undefined), {
    message: 'give exactly one of user_identity_id or user_identity',
  });

export default defineRoute({
  path: '/access_grants/create',
  auth: ['api_key'],
  input: accessGrantsCreateInput,
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
