/** Control routes: simulate a cloud outage (every non-control route answers 503) and end it. */
import { defineRoute } from '../../http/defineRoute.js';
import { cloudApi } from '@keyrig/api';

export const outageStart = defineRoute({
  ...cloudApi.outageStart,
  handler: ({ ctx, input }) => {
    ctx.control!.outage = { message: input.message ?? 'keyrig simulated outage' };
    return { outage: { active: true, message: ctx.control!.outage.message } };
  },
});

export const outageEnd = defineRoute({
  ...cloudApi.outageEnd,
  handler: ({ ctx }) => {
    ctx.control!.outage = null;
    return { outage: { active: false } };
  },
});

export const webhooksDeliver = defineRoute({
  ...cloudApi.webhooksDeliver,
  handler: async ({ ctx }) => {
    await ctx.control!.deliverWebhooks();
    return {};
  },
});
