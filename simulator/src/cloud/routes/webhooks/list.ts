/** POST /webhooks/list */
import { z } from 'zod';
import { defineRoute } from '../../http/defineRoute.js';
import { toWebhook, type WebhookRow } from './webhookResource.js';

export const webhooksListInput = z.object({}).strict();

export default defineRoute({
  path: '/webhooks/list',
  auth: ['api_key'],
  input: webhooksListInput,
  handler: ({ ctx }) => ({
    webhooks: (ctx.db.prepare('SELECT * FROM webhooks WHERE workspace_id = ? ORDER BY created_at').all(ctx.workspace.workspace_id) as WebhookRow[]).map(toWebhook),
  }),
});
