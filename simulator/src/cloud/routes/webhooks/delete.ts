/** POST /webhooks/delete — pending deliveries are dropped with it. */
import { defineRoute } from '../../http/defineRoute.js';
import { getWebhook } from './webhookResource.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.webhooksDelete,
  handler: ({ ctx, input }) => {
    ctx.db.prepare('DELETE FROM webhooks WHERE webhook_id = ?').run(getWebhook(ctx, input.webhook_id).webhook_id);
    return {};
  },
});
