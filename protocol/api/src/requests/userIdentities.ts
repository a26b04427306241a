/** Requests of /user_identities/*. */
import { z } from 'zod';
import { arrayParam, intParam, isoTimeParam, optionalText, paginationParams, uuidParam } from './params.js';

/** The identity's own fields, shared by create, update and access_grants/create's inline identity. */
export const userIdentityFields = {
  user_identity_key: optionalText(200),
  email_address: z.preprocess((v) => (v === '' ? null : v), z.string().email('email_address must be an email address').nullable().optional()),
  phone_number: z.preprocess(
    (v) => (v === '' ? null : v),
    z.string().regex(/^\+[1-9]\d{6,14}$/, 'phone_number must be in E.164 format, e.g. +15555550100').nullable().optional(),
  ),
  full_name: optionalText(200),
};

export const userIdentitiesCreateInput = z
  .object({ ...userIdentityFields, acs_system_ids: z.array(z.string()).max(0, 'keyrig has no ACS users to link').optional() })
  .strict();

/** What an identity is created from (create's input without the Seam-only `acs_system_ids`). */
export type UserIdentityFields = Omit<z.output<typeof userIdentitiesCreateInput>, 'acs_system_ids'>;

export const userIdentitiesGetInput = z
  .object({ user_identity_id: uuidParam('user_identity_id').optional(), user_identity_key: z.string().min(1).optional() })
  .strict()
  .refine((i) => (i.user_identity_id === undefined) !== (i.user_identity_key === undefined), {
    message: 'give exactly one of user_identity_id or user_identity_key',
  });

export const userIdentitiesListInput = z
  .object({
    search: z.string().min(1).optional(),
    user_identity_ids: arrayParam(uuidParam('user_identity_ids[]')).optional(),
    /** keyrig has no credential manager: accepted and ignored (docs/CLOUD.md, "Compatibility"). */
    credential_manager_acs_system_id: uuidParam('credential_manager_acs_system_id').optional(),
    created_before: isoTimeParam('created_before').optional(),
    ...paginationParams,
  })
  .strict();

export const userIdentitiesUpdateInput = z.object({ user_identity_id: uuidParam('user_identity_id'), ...userIdentityFields }).strict();

export const userIdentitiesDeleteInput = z.object({ user_identity_id: uuidParam('user_identity_id') }).strict();

const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'colors are "#rrggbb"');

export const generateInstantKeyInput = z
  .object({
    user_identity_id: uuidParam('user_identity_id'),
    /** Default: the largest `instant_key_max_use_count` of the identity's grants, else 1 (Seam's default). */
    max_use_count: intParam('max_use_count', 1, 1000).optional(),
    customization_profile_id: uuidParam('customization_profile_id').optional(),
    customization: z.object({ primary_color: color.optional(), secondary_color: color.optional(), logo_url: z.string().url().optional() }).strict().optional(),
    expires_at: isoTimeParam('expires_at').optional(),
  })
  .strict();
