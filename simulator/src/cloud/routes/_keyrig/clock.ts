/**
 * Control routes (only with `controlRoutes: true` / `--control-routes`): the cloud's clock.
 * POST /_keyrig/clock/get, /_keyrig/clock/advance { ms }, /_keyrig/clock/set { time }.
 */
import { z } from 'zod';
import { iso } from '../../context.js';
import type { CloudContext } from '../../context.js';
import { defineRoute } from '../../http/defineRoute.js';
import { intParam, isoTimeParam } from '../../http/params.js';

function control(ctx: CloudContext) {
  return ctx.control!;
}

export const clockAdvanceInput = z.object({ ms: intParam('ms', -10 * 365 * 86_400_000, 10 * 365 * 86_400_000) }).strict();
export const clockSetInput = z.object({ time: isoTimeParam('time') }).strict();

export const clockGet = defineRoute({
  path: '/_keyrig/clock/get',
  auth: ['api_key'],
  input: z.object({}).strict(),
  handler: ({ ctx }) => ({ clock: { time: iso(ctx.clock.now()) } }),
});

export const clockAdvance = defineRoute({
  path: '/_keyrig/clock/advance',
  auth: ['api_key'],
  input: clockAdvanceInput,
  handler: async ({ ctx, input }) => {
    control(ctx).clock.advance(input.ms);
    await control(ctx).deliverWebhooks();
    return { clock: { time: iso(ctx.clock.now()) } };
  },
});

export const clockSet = defineRoute({
  path: '/_keyrig/clock/set',
  auth: ['api_key'],
  input: clockSetInput,
  handler: async ({ ctx, input }) => {
    control(ctx).clock.set(input.time);
    await control(ctx).deliverWebhooks();
    return { clock: { time: iso(ctx.clock.now()) } };
  },
});
