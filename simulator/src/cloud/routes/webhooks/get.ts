/** POST /webhooks/get */
import { defineRoute } from '../../http/defineRoute.js';
import { getWebhook, toWebhook } from './webhookResource.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.webhooksGet,
  handler: ({ ctx, input }) => ({ webhook: toWebhook(getWebhook(ctx, input.webhook_id)) }),
});
