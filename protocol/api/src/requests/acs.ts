/** Requests of /workspaces/* and /acs/* (entrances and credentials). */
import { z } from 'zod';
import { arrayParam, boolParam, isoTimeParam, paginationParams, uuidParam } from './params.js';

export const acsEntrancesGetInput = z.object({ acs_entrance_id: uuidParam('acs_entrance_id') }).strict();

/** Seam's parameters (docs/CLOUD.md, "Compatibility"); keyrig has no customers: `customer_key` is accepted and ignored. */
export const acsEntrancesListInput = z
  .object({
    customer_key: z.string().optional(),
    acs_system_id: uuidParam('acs_system_id').optional(),
    acs_credential_id: uuidParam('acs_credential_id').optional(),
    /** Deprecated by Seam for space_id; read as space_id. */
    location_id: z.preprocess((v) => (v === '' ? null : v), uuidParam('location_id').nullable().optional()),
    space_id: uuidParam('space_id').optional(),
    connected_account_id: uuidParam('connected_account_id').optional(),
    acs_entrance_ids: arrayParam(uuidParam('acs_entrance_ids[]')).optional(),
    search: z.string().min(1).optional(),
    ...paginationParams,
    /** keyrig extension: only entrances of one type. */
    type: z.enum(['door', 'elevator', 'amenity']).optional(),
  })
  .strict();

export const acsCredentialsGetInput = z.object({ acs_credential_id: uuidParam('acs_credential_id') }).strict();

export const acsCredentialsListInput = z
  .object({
    user_identity_id: uuidParam('user_identity_id').optional(),
    acs_system_id: uuidParam('acs_system_id').optional(),
    acs_user_id: uuidParam('acs_user_id').optional(),
    is_multi_phone_sync_credential: boolParam.optional(),
    created_before: isoTimeParam('created_before').optional(),
    search: z.string().min(1).optional(),
    ...paginationParams,
  })
  .strict();

export const acsCredentialsDeleteInput = z.object({ acs_credential_id: uuidParam('acs_credential_id') }).strict();
