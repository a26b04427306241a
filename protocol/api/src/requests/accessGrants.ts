/** Requests of /access_grants/* and /access_methods/*. */
import { z } from 'zod';
import { arrayParam, intParam, isoTimeParam, paginationParams, uuidParam } from './params.js';
import { userIdentityFields } from './userIdentities.js';

/** `requested_access_methods` of access_grants/create and /request_access_methods: mobile keys only. */
export const requestedAccessMethods = z
  .array(
    z
      .object({
        mode: z.literal('mobile_key', { error: 'keyrig issues mobile keys only: requested_access_methods[].mode must be "mobile_key"' }),
        instant_key_max_use_count: intParam('instant_key_max_use_count', 1, 1000).optional(),
      })
      .strict(),
    { error: 'requested_access_methods must be an array' },
  )
  .min(1, 'requested_access_methods needs at least one entry');

const emptyOnly = (name: string) =>
  arrayParam(z.string()).refine((a) => a.length === 0, `keyrig does not support ${name}; use acs_entrance_ids`).optional();

/**
 * Every parameter of Seam's access_grants/create (docs/CLOUD.md, "Compatibility"): keyrig has
 * entrances, not devices, and issues the `mobile_key` mode only; `space_ids` are kept (opaque ids,
 * echoed), `location` is Seam's deprecated form of entrances. keyrig extensions: `floors` narrows
 * elevator access, `keyrig_key_mode` chooses override or joiner (docs/CLOUD.md "Key sequences").
 */
export const accessGrantsCreateInput = z
  .object({
    user_identity_id: uuidParam('user_identity_id').optional(),
    user_identity: z.object(userIdentityFields).strict().optional(),
    /** At least one entrance overall (here, in `location` or from `space_ids`): checked by the route. */
    acs_entrance_ids: arrayParam(uuidParam('acs_entrance_ids[]')).optional(),
    device_ids: emptyOnly('device_ids'),
    space_ids: arrayParam(uuidParam('space_ids[]')).optional(),
    space_keys: arrayParam(z.string().min(1, 'space_keys[] must not be empty')).optional(),
    /** Deprecated by Seam for space_ids: read as space_ids. */
    location_ids: arrayParam(uuidParam('location_ids[]')).optional(),
    /** Deprecated by Seam: its entrances join acs_entrance_ids; its name is not kept. */
    location: z
      .object({
        name: z.string().optional(),
        acs_entrance_ids: arrayParam(uuidParam('location.acs_entrance_ids[]')).optional(),
        device_ids: emptyOnly('location.device_ids'),
      })
      .strict()
      .optional(),
    reservation_key: z.string().min(1).max(200).optional(),
    starts_at: isoTimeParam('starts_at').optional(),
    ends_at: isoTimeParam('ends_at').nullable().optional(),
    name: z.string().min(1).max(200).nullable().optional(),
    access_grant_key: z.string().min(1).max(200).optional(),
    customization_profile_id: uuidParam('customization_profile_id').optional(),
    floors: arrayParam(intParam('floors[]', -20, 300)).optional(),
    keyrig_key_mode: z.enum(['override', 'joiner'], { error: 'keyrig_key_mode must be "override" or "joiner"' }).optional(),
    requested_access_methods: requestedAccessMethods,
  })
  .strict()
  .refine((i) => (i.user_identity_id === undefined) !== (i.user_identity === undefined), {
    message: 'give exactly one of user_identity_id or user_identity',
  });

export const accessGrantsGetInput = z.object({ access_grant_id: uuidParam('access_grant_id') }).strict();

/** Seam's 13 parameters (docs/CLOUD.md, "Compatibility"). */
export const accessGrantsListInput = z
  .object({
    access_grant_ids: arrayParam(uuidParam('access_grant_ids[]')).optional(),
    /** keyrig has no customers: accepted and ignored. */
    customer_key: z.string().optional(),
    ...paginationParams,
    user_identity_id: uuidParam('user_identity_id').optional(),
    acs_system_id: uuidParam('acs_system_id').optional(),
    acs_entrance_id: uuidParam('acs_entrance_id').optional(),
    /** keyrig has no devices or access codes: a grant never matches these. */
    device_id: uuidParam('device_id').optional(),
    access_code_id: uuidParam('access_code_id').optional(),
    /** Deprecated by Seam for space_id: read as space_id. */
    location_id: uuidParam('location_id').optional(),
    space_id: uuidParam('space_id').optional(),
    /** null (or "" in a query string): grants without a key. */
    access_grant_key: z.preprocess((v) => (v === '' ? null : v), z.string().nullable().optional()),
    reservation_key: z.string().optional(),
  })
  .strict();

export const accessGrantsUpdateInput = z
  .object({
    access_grant_id: uuidParam('access_grant_id'),
    starts_at: isoTimeParam('starts_at').optional(),
    ends_at: isoTimeParam('ends_at').nullable().optional(),
    name: z.string().min(1).max(200).optional(),
    acs_entrance_ids: arrayParam(uuidParam('acs_entrance_ids[]')).refine((a) => a.length > 0, 'acs_entrance_ids needs at least one entrance').optional(),
  })
  .strict();

export const accessGrantsDeleteInput = z.object({ access_grant_id: uuidParam('access_grant_id') }).strict();

export const accessMethodsGetInput = z.object({ access_method_id: uuidParam('access_method_id') }).strict();

export const accessMethodsListInput = z.object({ access_grant_id: uuidParam('access_grant_id'), device_id: z.string().optional(), acs_entrance_id: z.string().optional() }).strict();

export const accessMethodsDeleteInput = z.object({ access_method_id: uuidParam('access_method_id') }).strict();
