/** Requests of the routes about who reaches which entrance (see ../entranceAccess.ts). */
import { z } from 'zod';
import { intParam, uuidParam } from './params.js';

export const listAccessibleEntrancesInput = z.object({ user_identity_id: uuidParam('user_identity_id') }).strict();

export const requestAccessMethodsInput = z
  .object({
    access_grant_id: uuidParam('access_grant_id'),
    requested_access_methods: z
      .array(
        z
          .object({
            mode: z.literal('mobile_key', { error: 'keyrig issues mobile keys only: requested_access_methods[].mode must be "mobile_key"' }),
            instant_key_max_use_count: intParam('instant_key_max_use_count', 1, 1000).optional(),
          })
          .strict(),
        { error: 'requested_access_methods must be an array' },
      )
      .min(1, 'requested_access_methods needs at least one entry'),
  })
  .strict();

export const seamInstantKeyPreviewInput = z
  .object({ instant_key_url: z.string({ error: 'instant_key_url is required' }).min(1).max(2000, 'instant_key_url is at most 2000 characters') })
  .strict();

export const acsEntrancesUnlockInput = z.object({ acs_entrance_id: uuidParam('acs_entrance_id'), acs_credential_id: uuidParam('acs_credential_id') }).strict();
