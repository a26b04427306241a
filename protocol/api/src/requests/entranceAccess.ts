/** Requests of the routes about who reaches which entrance (see ../entranceAccess.ts). */
import { z } from 'zod';
import { requestedAccessMethods } from './accessGrants.js';
import { uuidParam } from './params.js';

export const listAccessibleEntrancesInput = z.object({ user_identity_id: uuidParam('user_identity_id') }).strict();

export const requestAccessMethodsInput = z
  .object({
    access_grant_id: uuidParam('access_grant_id'),
    requested_access_methods: requestedAccessMethods,
  })
  .strict();

export const seamInstantKeyPreviewInput = z
  .object({ instant_key_url: z.string({ error: 'instant_key_url is required' }).min(1).max(2000, 'instant_key_url is at most 2000 characters') })
  .strict();

export const acsEntrancesUnlockInput = z.object({ acs_entrance_id: uuidParam('acs_entrance_id'), acs_credential_id: uuidParam('acs_credential_id') }).strict();
