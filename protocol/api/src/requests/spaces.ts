/** Requests of /spaces/*. keyrig spaces group entrances; devices and connected accounts do not exist here. */
import { z } from 'zod';
import { arrayParam, paginationParams, uuidParam } from './params.js';

const noDevices = arrayParam(z.string())
  .refine((a) => a.length === 0, 'keyrig spaces hold entrances only: device_ids must be empty (use acs_entrance_ids)')
  .optional();
const spaceName = (name: string) => z.string({ error: `${name} must be a string` }).trim().min(1, `${name} must not be empty`).max(200, `${name} is at most 200 characters`);
const spaceKey = z.string({ error: 'space_key must be a string' }).min(1, 'space_key must not be empty').max(200, 'space_key is at most 200 characters');
const entranceIds = arrayParam(uuidParam('acs_entrance_ids[]'));

export const spacesCreateInput = z
  .object({ name: spaceName('name'), space_key: spaceKey.optional(), acs_entrance_ids: entranceIds.optional(), device_ids: noDevices })
  .strict();

export const spacesGetInput = z
  .object({ space_id: uuidParam('space_id').optional(), space_key: spaceKey.optional() })
  .strict()
  .refine((i) => (i.space_id === undefined) !== (i.space_key === undefined), { message: 'give exactly one of space_id or space_key' });

export const spacesListInput = z
  .object({ search: z.string().min(1, 'search must not be empty').optional(), space_key: spaceKey.optional(), ...paginationParams })
  .strict();

export const spacesUpdateInput = z
  .object({
    space_id: uuidParam('space_id'),
    name: spaceName('name').optional(),
    space_key: spaceKey.optional(),
    /** Replaces the space's entrances. */
    acs_entrance_ids: entranceIds.optional(),
    device_ids: noDevices,
  })
  .strict();

export const spacesDeleteInput = z.object({ space_id: uuidParam('space_id') }).strict();

export const spacesAddAcsEntrancesInput = z
  .object({ space_id: uuidParam('space_id'), acs_entrance_ids: entranceIds.refine((a) => a.length > 0, 'acs_entrance_ids needs at least one entrance') })
  .strict();

export const spacesRemoveAcsEntrancesInput = z.object({ space_id: uuidParam('space_id'), acs_entrance_ids: entranceIds }).strict();

const related = z.enum(['spaces', 'devices', 'acs_entrances', 'connected_accounts', 'acs_systems', 'access_methods'], {
  error: 'include/exclude take spaces, devices, acs_entrances, connected_accounts, acs_systems, access_methods',
});

export const spacesGetRelatedInput = z
  .object({
    space_ids: arrayParam(uuidParam('space_ids[]')).optional(),
    space_keys: arrayParam(spaceKey).optional(),
    include: arrayParam(related).optional(),
    exclude: arrayParam(related).optional(),
  })
  .strict()
  .refine((i) => (i.space_ids?.length ?? 0) + (i.space_keys?.length ?? 0) > 0, { message: 'give space_ids or space_keys' });
