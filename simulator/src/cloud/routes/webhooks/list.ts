/** POST /webhooks/list */
import { defineRoute } from '../../http/defineRoute.js';
import { toWebhook, type WebhookRow } from './webhookResource.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.webhooksList,
  handler: ({ ctx }) => ({
    webhooks: (ctx.db.prepare('SELECT * FROM webhooks WHERE workspace_id = ? ORDER BY created_at').all(ctx.workspace.workspace_id) as WebhookRow[]).map(toWebhook),
  }),
});
