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
 * Every event type keyrig records (docs/CLOUD.md "Events"), each one of @seamapi/types' Seam
 * event types; keyrig has no event types of its own.
 */
export const KEYRIG_EVENT_TYPES = [
  'access_grant.created',
  'access_grant.deleted',
  'access_grant.access_granted_to_door',
  'access_grant.access_granted_to_all_doors',
  'access_grant.access_to_door_lost',
  'access_grant.access_times_changed',
  'access_method.created',
  'access_method.issued',
  'access_method.reissued',
  'access_method.revoked',
  'access_method.deleted',
  'acs_credential.issued',
  'acs_credential.invalidated',
  'acs_credential.deleted',
  'client_session.deleted',
  'space.created',
  'space.deleted',
  'space.device_membership_changed',
  'phone.deactivated',
  'lock.unlocked',
  'lock.access_denied',
] as const;
export type KeyrigEventType = (typeof KEYRIG_EVENT_TYPES)[number];

/**
 * A Seam event: the common fields, and the fields of the lifecycle events by the names Seam gives
 * them (which ones an event carries depends on its type, as in @seamapi/types); other fields are
 * allowed. `user_identity_id` is keyrig's (the identity the event concerns, for filtering).
 */
export const eventSchema = z.looseObject({
  event_id: z.string(),
  workspace_id: z.string(),
  created_at: dateTime,
  occurred_at: dateTime,
  event_type: z.string(),
  user_identity_id: z.optional(z.string()),
  /** access_grant.access_granted_to_door / access_to_door_lost, lock.* */
  acs_entrance_id: z.optional(z.string()),
  /** access_grant.* */
  access_grant_id: z.optional(z.string()),
  /** access_grant.access_times_changed, when the grant has a key. */
  access_grant_key: z.optional(z.string()),
  /** access_grant.access_times_changed: the new window (ends_at absent: open-ended). */
  starts_at: z.optional(dateTime),
  ends_at: z.optional(dateTime),
  /** access_method.* */
  access_method_id: z.optional(z.string()),
  access_grant_ids: z.optional(z.array(z.string())),
  access_grant_keys: z.optional(z.array(z.string())),
  /** acs_credential.* */
  acs_credential_id: z.optional(z.string()),
  acs_system_id: z.optional(z.string()),
  connected_account_id: z.optional(z.string()),
  /** client_session.deleted */
  client_session_id: z.optional(z.string()),
  /** phone.deactivated: the endpoint's id (/phones/list `device_id`). */
  device_id: z.optional(z.string()),
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
