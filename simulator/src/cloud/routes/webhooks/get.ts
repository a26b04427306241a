/** POST /webhooks/get */
import { z } from 'zod';
import { defineRoute } from '../../http/defineRoute.js';
import { uuidParam } from '../../http/params.js';
import { getWebhook, toWebhook } from './webhookResource.js';

export const webhooksGetInput = z.object({ webhook_id: uuidParam('webhook_id') }).strict();

export default defineRoute({
  path: '/webhooks/get',
  auth: ['api_key'],
  input: webhooksGetInput,
  handler: ({ ctx, input }) => ({ webhook: toWebhook(getWebhook(ctx, input.webhook_id)) }),
});
