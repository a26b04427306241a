/** Responses of /instant_keys/* (but open, a key-holder route: keyHolder.ts) and /client_sessions/*. */
import * as z from 'zod/mini';
import { dateTime } from './common.js';

/** Seam's instant_key: the link that sets up a holder's phone or browser. */
export const instantKeySchema = z.object({
  instant_key_id: z.string(),
  workspace_id: z.string(),
  created_at: dateTime,
  /** The real URL (secrets are stored encrypted, #19); `…/ik/redacted` for keys created before migration 5. */
  instant_key_url: z.string(),
  client_session_id: z.string(),
  user_identity_id: z.string(),
  expires_at: dateTime,
  customization_profile_id: z.optional(z.string()),
  customization: z.optional(z.record(z.string(), z.string())),
  keyrig_metadata: z.object({ max_use_count: z.int(), use_count: z.int() }),
});
export type InstantKeyJson = z.infer<typeof instantKeySchema>;

export const instantKeysGetResponse = z.object({ instant_key: instantKeySchema });
export const instantKeysListResponse = z.object({ instant_keys: z.array(instantKeySchema) });

/** Seam's client_session; `token` is real only in /instant_keys/open (else redacted). */
export const clientSessionSchema = z.object({
  client_session_id: z.string(),
  workspace_id: z.string(),
  created_at: dateTime,
  expires_at: dateTime,
  /** `seam_cst…`: a bearer secret. Never log it. */
  token: z.string(),
  user_identifier_key: z.null(),
  device_count: z.int(),
  connected_account_ids: z.array(z.string()),
  connect_webview_ids: z.array(z.string()),
  user_identity_ids: z.array(z.string()),
  user_identity_id: z.string(),
  keyrig_metadata: z.object({ revoked: z.boolean() }),
});
export type ClientSessionJson = z.infer<typeof clientSessionSchema>;

export const clientSessionsGetResponse = z.object({ client_session: clientSessionSchema });
export const clientSessionsListResponse = z.object({ client_sessions: z.array(clientSessionSchema) });
