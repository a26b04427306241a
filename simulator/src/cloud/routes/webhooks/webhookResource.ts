/** webhook rows in Seam's shape. The secret is an HMAC key (it signs, it does not authenticate callers), so it is stored and returned. */
import type { CloudContext } from '../../context.js';
import { notFound } from '../../http/SeamApiError.js';

export interface WebhookRow { webhook_id: string; workspace_id: string; url: string; event_types_json: string | null; secret: string; created_at: number }

export function toWebhook(w: WebhookRow) {
  return { webhook_id: w.webhook_id, url: w.url, event_types: w.event_types_json ? (JSON.parse(w.event_types_json) as string[]) : [], secret: w.secret };
}

export function getWebhook(ctx: CloudContext, id: string): WebhookRow {
  const row = ctx.db.prepare('SELECT * FROM webhooks WHERE webhook_id = ? AND workspace_id = ?').get(id, ctx.workspace.workspace_id) as WebhookRow | undefined;
  if (!row) throw notFound('webhook', id);
  return row;
}
