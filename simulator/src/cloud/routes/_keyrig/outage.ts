/** Control routes: simulate a cloud outage (every non-control route answers 503) and end it. */
import { z } from 'zod';
import { defineRoute } from '../../http/defineRoute.js';

export const outageStart = defineRoute({
  path: '/_keyrig/outage/start',
  auth: ['api_key'],
  input: z.object({ message: z.string().max(200).optional() }).strict(),
  handler: ({ ctx, input }) => {
    ctx.control!.outage = { message: input.message ?? 'keyrig simulated outage' };
    return { outage: { active: true, message: ctx.control!.outage.message } };
  },
});

export const outageEnd = defineRoute({
  path: '/_keyrig/outage/end',
  auth: ['api_key'],
  input: z.object({}).strict(),
  handler: ({ ctx }) => {
    ctx.control!.outage = null;
    return { outage: { active: false } };
  },
});

export const webhooksDeliver = defineRoute({
  path: '/_keyrig/webhooks/deliver',
  auth: ['api_key'],
  input: z.object({}).strict(),
  handler: async ({ ctx }) => {
    await ctx.control!.deliverWebhooks();
    return {};
  },
});
