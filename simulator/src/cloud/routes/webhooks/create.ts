/** POST /webhooks/create — events are POSTed to `url`, signed with the returned `secret`. */
import { newId } from '../../context.js';
import { defineRoute } from '../../http/defineRoute.js';
import { getWebhook, toWebhook } from './webhookResource.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.webhooksCreate,
  handler: ({ ctx, input }) => {
    const id = newId(ctx.rng);
    const secret = `whsec_${Buffer.from(ctx.rng(24)).toString('base64')}`;
    ctx.db
      .prepare('INSERT INTO webhooks (webhook_id, workspace_id, url, event_types_json, secret, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, ctx.workspace.workspace_id, input.url, input.event_types ? JSON.stringify(input.event_types) : null, secret, ctx.clock.now());
    return { webhook: toWebhook(getWebhook(ctx, id)) };
  },
});
