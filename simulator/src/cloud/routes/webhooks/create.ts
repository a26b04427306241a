/** POST /webhooks/create — events are POSTed to `url`, signed with the returned `secret`. */
import { z } from 'zod';
import { newId } from '../../context.js';
import { defineRoute } from '../../http/defineRoute.js';
import { arrayParam } from '../../http/params.js';
import { getWebhook, toWebhook } from './webhookResource.js';

export const webhooksCreateInput = z
  .object({
    url: z.string().url('url must be an absolute http(s) URL').refine((u) => /^https?:\/\//.test(u), 'url must be http or https'),
    event_types: arrayParam(z.string().min(1)).optional(),
  })
  .strict();

export default defineRoute({
  path: '/webhooks/create',
  auth: ['api_key'],
  input: webhooksCreateInput,
  handler: ({ ctx, input }) => {
    const id = newId(ctx.rng);
    const secret = `whsec_${Buffer.from(ctx.rng(24)).toString('base64')}`;
    ctx.db
      .prepare('INSERT INTO webhooks (webhook_id, workspace_id, url, event_types_json, secret, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, ctx.workspace.workspace_id, input.url, input.event_types ? JSON.stringify(input.event_types) : null, secret, ctx.clock.now());
    return { webhook: toWebhook(getWebhook(ctx, id)) };
  },
});
