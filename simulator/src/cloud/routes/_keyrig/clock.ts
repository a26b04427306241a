/**
 * Control routes (only with `controlRoutes: true` / `--control-routes`): the cloud's clock.
 * POST /_keyrig/clock/get, /_keyrig/clock/advance { ms }, /_keyrig/clock/set { time }.
 */
import { iso } from '../../context.js';
import type { CloudContext } from '../../context.js';
import { defineRoute } from '../../http/defineRoute.js';
import { cloudApi } from '@keyrig/api';

function control(ctx: CloudContext) {
  return ctx.control!;
}

export const clockGet = defineRoute({
  ...cloudApi.clockGet,
  handler: ({ ctx }) => ({ clock: { time: iso(ctx.clock.now()) } }),
});

export const clockAdvance = defineRoute({
  ...cloudApi.clockAdvance,
  handler: async ({ ctx, input }) => {
    control(ctx).clock.advance(input.ms);
    await control(ctx).deliverWebhooks();
    return { clock: { time: iso(ctx.clock.now()) } };
  },
});

export const clockSet = defineRoute({
  ...cloudApi.clockSet,
  handler: async ({ ctx, input }) => {
    control(ctx).clock.set(input.time);
    await control(ctx).deliverWebhooks();
    return { clock: { time: iso(ctx.clock.now()) } };
  },
});
