/** Responses of /access_grants/* and /access_methods/*. */
import * as z from 'zod/mini';
import { dateTime, emptyList, paginationSchema } from './common.js';

/** Seam's access_grant; `keyrig_metadata` carries floors and the key-sequence mode (docs/CLOUD.md). */
export const accessGrantSchema = z.object({
  workspace_id: z.string(),
  access_grant_id: z.string(),
  access_grant_key: z.optional(z.string()),
  reservation_key: z.optional(z.string()),
  customization_profile_id: z.optional(z.string()),
  /** The instant key the grant delivered, when it has exactly one mobile_key access method whose key exists. */
  instant_key_url: z.optional(z.url()),
  user_identity_id: z.string(),
  location_ids: z.array(z.string()),
  space_ids: z.array(z.string()),
  acs_entrance_ids: z.array(z.string()),
  requested_access_methods: z.array(
    z.object({
      display_name: z.string(),
      mode: z.literal('mobile_key'),
      created_at: dateTime,
      created_access_method_ids: z.array(z.string()),
      instant_key_max_use_count: z.optional(z.int()),
    }),
  ),
  access_method_ids: z.array(z.string()),
  name: z.nullable(z.string()),
  display_name: z.string(),
  created_at: dateTime,
  starts_at: dateTime,
  ends_at: z.nullable(dateTime),
  warnings: emptyList,
  errors: emptyList,
  pending_mutations: emptyList,
  keyrig_metadata: z.object({
    floors: z.nullable(z.array(z.int())),
    key_mode: z.enum(['override', 'joiner']),
    /** Per guest-room door of the grant: the sequence its documents carry. */
    key_sequences: z.record(z.string(), z.int()),
  }),
});
export type AccessGrantJson = z.infer<typeof accessGrantSchema>;

export const accessGrantsGetResponse = z.object({ access_grant: accessGrantSchema });
export const accessGrantsListResponse = z.object({ access_grants: z.array(accessGrantSchema), pagination: paginationSchema });

/** Seam's access_method: the grant's mobile key. */
export const accessMethodSchema = z.object({
  workspace_id: z.string(),
  access_method_id: z.string(),
  display_name: z.string(),
  mode: z.literal('mobile_key'),
  created_at: dateTime,
  issued_at: z.nullable(dateTime),
  is_issued: z.boolean(),
  /** The instant key this method delivered at grant time (absent once that key is deleted). */
  instant_key_url: z.optional(z.url()),
  customization_profile_id: z.optional(z.string()),
  warnings: emptyList,
  errors: emptyList,
  pending_mutations: emptyList,
  keyrig_metadata: z.object({ access_grant_id: z.string() }),
});
export type AccessMethodJson = z.infer<typeof accessMethodSchema>;

export const accessMethodsGetResponse = z.object({ access_method: accessMethodSchema });
export const accessMethodsListResponse = z.object({ access_methods: z.array(accessMethodSchema) });
