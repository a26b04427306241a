/** POST /events/get */
import { z } from 'zod';
import { defineRoute } from '../../http/defineRoute.js';
import { uuidParam } from '../../http/params.js';
import { notFound } from '../../http/SeamApiError.js';
import { parseEventBody } from '../../resources/events.js';

export const eventsGetInput = z.object({ event_id: uuidParam('event_id') }).strict();

export default defineRoute({
  path: '/events/get',
  auth: ['api_key'],
  input: eventsGetInput,
  handler: ({ ctx, input }) => {
    const row = ctx.db.prepare('SELECT body_json FROM events WHERE event_id = ? AND workspace_id = ?').get(input.event_id, ctx.workspace.workspace_id) as { body_json: string } | undefined;
    if (!row) throw notFound('event', input.event_id);
    return { event: parseEventBody(row.body_json) };
  },
});
