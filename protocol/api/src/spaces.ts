/** Responses of /spaces/* (Seam's space: a named group of entrances; keyrig has no devices). */
import * as z from 'zod/mini';
import { dateTime, paginationSchema } from './common.js';
import { acsEntranceSchema } from './acs.js';

/** Seam's space. keyrig spaces hold entrances only, so `device_count` is always 0. */
export const spaceSchema = z.object({
  space_id: z.string(),
  workspace_id: z.string(),
  name: z.string(),
  display_name: z.string(),
  space_key: z.optional(z.string()),
  created_at: dateTime,
  device_count: z.int(),
  acs_entrance_count: z.int(),
});
export type SpaceJson = z.infer<typeof spaceSchema>;

export const spacesGetResponse = z.object({ space: spaceSchema });
export const spacesListResponse = z.object({ spaces: z.array(spaceSchema), pagination: paginationSchema });

/** spaces/get_related: the spaces and their entrances (keyrig has no devices, access methods by space or connected accounts). */
export const spacesGetRelatedResponse = z.object({
  batch: z.object({ spaces: z.optional(z.array(spaceSchema)), acs_entrances: z.optional(z.array(acsEntranceSchema)) }),
});
