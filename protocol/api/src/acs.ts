/** Responses of /workspaces/* and /acs/* (entrances and credentials), in Seam's shapes plus `keyrig_metadata`. */
import * as z from 'zod/mini';
import { dateTime, emptyList, entranceTypeSchema, paginationSchema, weeklyScheduleSchema } from './common.js';

/** The cloud's one workspace. */
export const workspaceSchema = z.object({
  workspace_id: z.string(),
  name: z.string(),
  company_name: z.string(),
  is_sandbox: z.boolean(),
  connect_webview_customization: z.object({}),
  is_suspended: z.boolean(),
  connect_partner_name: z.null(),
  is_publishable_key_auth_enabled: z.boolean(),
  organization_id: z.null(),
});
export type WorkspaceJson = z.infer<typeof workspaceSchema>;

export const workspacesGetResponse = z.object({ workspace: workspaceSchema });
export const workspacesListResponse = z.object({ workspaces: z.array(workspaceSchema) });

/** Seam's acs_entrance; `keyrig_metadata` says what the entrance is and which locks it has. */
export const acsEntranceSchema = z.object({
  acs_system_id: z.string(),
  acs_entrance_id: z.string(),
  space_ids: z.array(z.string()),
  created_at: dateTime,
  display_name: z.string(),
  connected_account_id: z.string(),
  errors: emptyList,
  warnings: emptyList,
  can_unlock_with_mobile_key: z.boolean(),
  can_unlock_with_card: z.boolean(),
  can_unlock_with_code: z.boolean(),
  can_unlock_with_cloud_key: z.boolean(),
  keyrig_metadata: z.object({
    entrance_key: z.string(),
    type: entranceTypeSchema,
    category: z.nullable(z.string()),
    floors: z.nullable(z.array(z.int())),
    hours: z.nullable(weeklyScheduleSchema),
    hours_description: z.string(),
    time_zone: z.string(),
    lock_ids: z.array(z.string()),
    /** The door's current key sequence (null: this entrance carries none). */
    key_sequence: z.nullable(z.int()),
  }),
});
export type AcsEntranceJson = z.infer<typeof acsEntranceSchema>;

export const acsEntrancesGetResponse = z.object({ acs_entrance: acsEntranceSchema });
export const acsEntrancesListResponse = z.object({ acs_entrances: z.array(acsEntranceSchema), pagination: paginationSchema });

/** Seam's acs_credential for a mobile key (one per access method). */
export const acsCredentialSchema = z.object({
  acs_credential_id: z.string(),
  user_identity_id: z.string(),
  connected_account_id: z.string(),
  acs_system_id: z.string(),
  display_name: z.string(),
  is_one_time_use: z.boolean(),
  is_issued: z.boolean(),
  issued_at: z.nullable(dateTime),
  access_method: z.literal('mobile_key'),
  created_at: dateTime,
  workspace_id: z.string(),
  starts_at: dateTime,
  ends_at: z.optional(dateTime),
  errors: emptyList,
  warnings: emptyList,
  is_multi_phone_sync_credential: z.boolean(),
  is_managed: z.literal(true),
  keyrig_metadata: z.object({ access_method_id: z.string() }),
});
export type AcsCredentialJson = z.infer<typeof acsCredentialSchema>;

export const acsCredentialsGetResponse = z.object({ acs_credential: acsCredentialSchema });
export const acsCredentialsListResponse = z.object({ acs_credentials: z.array(acsCredentialSchema), pagination: paginationSchema });
