/**
 * Responses of the key holder's routes (docs/CLOUD.md, "Key-holder flow"): /instant_keys/open and
 * /phone/*. The client core and the web app parse every answer with these before use.
 */
import * as z from 'zod/mini';
import { base64url, dateTime, entranceTypeSchema, providerKeySchema, weeklyScheduleSchema } from './common.js';
import { clientSessionSchema } from './instantKeys.js';

/** What an instant key opens (Seam's preview: `access[]` and `key_status`). */
export const instantKeyPreviewSchema = z.object({
  instant_key_id: z.string(),
  customization: z.nullable(z.record(z.string(), z.string())),
  key_status: z.enum(['ready', 'expired', 'used']),
  access: z.array(
    z.object({
      name: z.string(),
      acs_entrance_id: z.string(),
      type: entranceTypeSchema,
      /** Opening hours in words ("always", "Mon–Fri 07:00–19:00"). */
      hours: z.string(),
      floors: z.nullable(z.array(z.int())),
      available: z.boolean(),
      starts_at: dateTime,
      ends_at: z.nullable(dateTime),
    }),
  ),
  use_count: z.int(),
  max_use_count: z.int(),
  expires_at: dateTime,
});
export type InstantKeyPreviewJson = z.infer<typeof instantKeyPreviewSchema>;

/** POST /instant_keys/open: a fresh client session token and the key's preview. */
export const instantKeysOpenResponse = z.object({ client_session: clientSessionSchema, instant_key_preview: instantKeyPreviewSchema });
export type InstantKeysOpenResponse = z.infer<typeof instantKeysOpenResponse>;

/** A key holder's registered device (phone or browser P-256 key). */
export const endpointSchema = z.object({
  endpoint_id: z.string(),
  instant_key_id: z.string(),
  user_identity_id: z.string(),
  public_key: base64url,
  public_key_thumbprint: z.string(),
  user_agent: z.nullable(z.string()),
  created_at: dateTime,
  last_loaded_at: z.nullable(dateTime),
  is_removed: z.boolean(),
});
export type EndpointJson = z.infer<typeof endpointSchema>;

export const endpointsRegisterResponse = z.object({ endpoint: endpointSchema });
export const endpointsListResponse = z.object({ endpoints: z.array(endpointSchema) });

/** One credential of a bundle: a provider-signed document (PROTOCOL.md §6) and what it opens. */
export const credentialSchema = z.object({
  credential_id: z.string(),
  access_grant_id: z.string(),
  acs_entrance_id: z.string(),
  entrance_name: z.string(),
  entrance_type: entranceTypeSchema,
  lock_ids: z.array(z.string()),
  floors: z.array(z.int()),
  hours: z.nullable(weeklyScheduleSchema),
  hours_description: z.string(),
  time_zone: z.string(),
  starts_at: dateTime,
  ends_at: dateTime,
  key_sequence: z.nullable(z.int()),
  issued_at: dateTime,
  /** The signed credential document, base64url. */
  document: base64url,
});
export type CredentialJson = z.infer<typeof credentialSchema>;

/** The holder's credential bundle for one endpoint (docs/CLOUD.md). */
export const credentialBundleSchema = z.object({
  endpoint_id: z.string(),
  user_identity_id: z.string(),
  issued_at: dateTime,
  credentials: z.array(credentialSchema),
  blocklist: z.object({ version: z.int(), revoked_credential_ids: z.array(z.string()), signed: base64url }),
  time_sync: z.object({ time: dateTime, signed: base64url }),
  provider_keys: z.array(providerKeySchema),
});
export type CredentialBundleJson = z.infer<typeof credentialBundleSchema>;

export const credentialsLoadResponse = z.object({ credential_bundle: credentialBundleSchema });

/** Why the cloud refused a relayed audit record (docs/CLOUD.md "Audit upload"; PROTOCOL.md §10.1). */
export const AUDIT_REFUSAL_REASONS = [
  'malformed', 'unknown_lock', 'lock_mismatch', 'bad_signature', 'unknown_audit_key', 'decrypt_failed',
  'unknown_credential', 'credential_not_for_lock',
] as const;
export const auditRefusalSchema = z.object({
  /** Index of the record in the request. */
  index: z.int(),
  reason: z.enum(AUDIT_REFUSAL_REASONS),
});

/**
 * POST /phone/audit/upload: how many records arrived, how many were new (recorded as events),
 * how many were genuine but already recorded (duplicate), and which were refused and why.
 */
export const auditUploadSchema = z.object({
  received: z.int(),
  recorded: z.int(),
  duplicate: z.int(),
  refused: z.int(),
  refusals: z.array(auditRefusalSchema),
});
export type AuditUploadJson = z.infer<typeof auditUploadSchema>;

export const auditUploadResponse = z.object({ audit_upload: auditUploadSchema });
