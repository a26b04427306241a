/** Responses of /events/* and /webhooks/*. */
import * as z from 'zod/mini';
import { dateTime } from './common.js';

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
