/** POST /webhooks/delete — pending deliveries are dropped with it. */
import { z } from 'zod';
import { defineRoute } from '../../http/defineRoute.js';
import { uuidParam } from '../../http/params.js';
import { getWebhook } from './webhookResource.js';

export const webhooksDeleteInput = z.object({ webhook_id: uuidParam('webhook_id') }).strict();

export default defineRoute({
  path: '/webhooks/delete',
  auth: ['api_key'],
  input: webhooksDeleteInput,
  handler: ({ ctx, input }) => {
    ctx.db.prepare('DELETE FROM webhooks WHERE webhook_id = ?').run(getWebhook(ctx, input.webhook_id).webhook_id);
    return {};
  },
});
