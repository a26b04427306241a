/**
 * Responses of the routes about who reaches which entrance: Seam's instant-key preview
 * (/seam/instant_key/v1/preview/get) and the remote unlock's action attempt (/acs/entrances/unlock).
 */
import * as z from 'zod/mini';
import { dateTime } from './common.js';

/** Seam's instant_key_preview: what the guest's key page shows before the key is opened. */
export const seamInstantKeyPreviewSchema = z.object({
  shortcode: z.string(),
  hotel: z.object({
    hotel_name: z.string(),
    primary_color: z.string(),
    accent_color: z.string(),
    secondary_color: z.string(),
    verified: z.boolean(),
    logo_url: z.optional(z.string()),
  }),
  guest: z.object({
    first_name: z.string(),
    last_name: z.string(),
    full_name: z.string(),
    email: z.string(),
    check_in_date: z.string(),
    check_out_date: z.string(),
  }),
  room: z.object({ room_number: z.string(), room_type: z.string(), floor: z.number() }),
  access: z.array(z.object({ name: z.string(), icon: z.string(), available: z.boolean(), hours: z.optional(z.string()), location: z.optional(z.string()) })),
  key_status: z.enum(['ready', 'expired', 'used']),
  support_phone: z.string(),
  support_email: z.string(),
  created_at: dateTime,
  updated_at: dateTime,
  expires_at: dateTime,
});
export const seamInstantKeyPreviewResponse = z.object({ instant_key_preview: seamInstantKeyPreviewSchema });

/**
 * Seam's failed UNLOCK_DOOR action attempt. keyrig's locks are BLE-only (no cloud-to-lock link),
 * so a remote unlock always fails with this shape (docs/CLOUD.md, "Remote unlock").
 */
export const failedUnlockAttemptSchema = z.object({
  action_attempt_id: z.string(),
  action_type: z.literal('UNLOCK_DOOR'),
  status: z.literal('error'),
  result: z.null(),
  error: z.object({ type: z.string(), message: z.string() }),
});
export const acsEntrancesUnlockResponse = z.object({ action_attempt: failedUnlockAttemptSchema });
