/** Responses of /events/* and /webhooks/*. */
import * as z from 'zod/mini';
import { dateTime } from './common.js';

/**
 * What keyrig adds to an audit event (lock.unlocked, lock.access_denied) relayed from a lock's
 * record (docs/CLOUD.md "Audit events"). `lock_clock_unset`: the lock's clock was unset when it
 * wrote the record (time 0), so occurred_at is the upload time, not the lock's.
 */
export const auditEventMetadataSchema = z.looseObject({
  lock_id: z.string(),
  audit_sequence: z.int(),
  credential_id: z.string(),
  access_grant_id: z.nullable(z.string()),
  result_code: z.int(),
  result: z.string(),
  floors: z.array(z.int()),
  /** Absent on events recorded before this field existed. */
  lock_clock_unset: z.optional(z.boolean()),
});
export type AuditEventMetadataJson = z.infer<typeof auditEventMetadataSchema>;

/**
 * A Seam event: the common fields; each event type adds its own (ids of what changed,
 * `keyrig_metadata` for audit events), so other fields are allowed.
 */
export const eventSchema = z.looseObject({
  event_id: z.string(),
  workspace_id: z.string(),
  created_at: dateTime,
  occurred_at: dateTime,
  event_type: z.string(),
  user_identity_id: z.optional(z.string()),
  acs_entrance_id: z.optional(z.string()),
  /** Audit events only. */
  keyrig_metadata: z.optional(auditEventMetadataSchema),
});
export type EventJson = z.infer<typeof eventSchema>;

export const eventsGetResponse = z.object({ event: eventSchema });
export const eventsListResponse = z.object({ events: z.array(eventSchema) });

/** A webhook; `secret` signs deliveries (an HMAC key, not a credential). */
export const webhookSchema = z.object({
  webhook_id: z.string(),
  url: z.string(),
  event_types: z.array(z.string()),
  secret: z.string(),
});
export type WebhookJson = z.infer<typeof webhookSchema>;

export const webhooksGetResponse = z.object({ webhook: webhookSchema });
export const webhooksListResponse = z.object({ webhooks: z.array(webhookSchema) });
