/** Requests of /workspaces/* and /acs/* (entrances and credentials). */
import { z } from 'zod';
import { uuidParam } from './params.js';

export const acsEntrancesGetInput = z.object({ acs_entrance_id: uuidParam('acs_entrance_id') }).strict();

export const acsEntrancesListInput = z
  .object({
    acs_system_id: uuidParam('acs_system_id').optional(),
    /** keyrig extension: only entrances of one type. */
    type: z.enum(['door', 'elevator', 'amenity']).optional(),
  })
  .strict();

export const acsCredentialsGetInput = z.object({ acs_credential_id: uuidParam('acs_credential_id') }).strict();

export const acsCredentialsListInput = z
  .object({ user_identity_id: uuidParam('user_identity_id').optional(), acs_system_id: uuidParam('acs_system_id').optional(), is_multi_phone_sync_credential: z.unknown().optional() })
  .strict();

export const acsCredentialsDeleteInput = z.object({ acs_credential_id: uuidParam('acs_credential_id') }).strict();
