/**
 * Seam events: written in the same transaction as the change they describe, so an acknowledged
 * change always has its event, and queued for every matching webhook.
 */
import type { EventJson } from '@keyrig/api';
import type { CloudContext } from '../context.js';
import { iso, newId } from '../context.js';

export interface RecordEventOptions {
  occurred_at?: number;
  user_identity_id?: string | null;
  acs_entrance_id?: string | null;
  /** Events with the same key are recorded once (audit uploads are retried by phones). */
  dedupe_key?: string;
}

interface WebhookRow { webhook_id: string; event_types_json: string | null }

/** Records an event; returns its id, or null when `dedupe_key` was already recorded. Call inside a transaction. */
export function recordEvent(
  ctx: CloudContext,
  event_type: string,
  fields: Record<string, unknown>,
  opts: RecordEventOptions = {},
): string | null {
  const now = ctx.clock.now();
  const event_id = newId(ctx.rng);
  const occurred = opts.occurred_at ?? now;
  const body = {
    event_id,
    workspace_id: ctx.workspace.workspace_id,
    created_at: iso(now),
    occurred_at: iso(occurred),
    event_type,
    ...fields,
    ...(opts.user_identity_id ? { user_identity_id: opts.user_identity_id } : {}),
    ...(opts.acs_entrance_id ? { acs_entrance_id: opts.acs_entrance_id } : {}),
  };
  const info = ctx.db
    .prepare(
      `INSERT INTO events (event_id, workspace_id, event_type, occurred_at, created_at, user_identity_id, acs_entrance_id, dedupe_key, body_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING`,
    )
    .run(event_id, ctx.workspace.workspace_id, event_type, occurred, now, opts.user_identity_id ?? null, opts.acs_entrance_id ?? null, opts.dedupe_key ?? null, JSON.stringify(body));
  if (info.changes === 0) return null;
  ctx.logger.debug({ eventId: event_id, eventType: event_type }, 'event recorded');
  const hooks = ctx.db.prepare('SELECT webhook_id, event_types_json FROM webhooks WHERE workspace_id = ?').all(ctx.workspace.workspace_id) as WebhookRow[];
  for (const h of hooks) {
    const types = h.event_types_json ? (JSON.parse(h.event_types_json) as string[]) : null;
    if (types && types.length > 0 && !types.includes(event_type)) continue;
    ctx.db
      .prepare(`INSERT INTO webhook_deliveries (delivery_id, webhook_id, event_seq, attempt, next_attempt_at, status) VALUES (?, ?, ?, 0, ?, 'pending')`)
      .run(newId(ctx.rng), h.webhook_id, info.lastInsertRowid, now);
  }
  if (hooks.length > 0) ctx.onEventsRecorded();
  return event_id;
}

/** An event as recordEvent stored it. */
export function parseEventBody(json: string): EventJson {
  return JSON.parse(json) as EventJson;
}
