/** POST /events/get */
import { defineRoute } from '../../http/defineRoute.js';
import { notFound } from '../../http/SeamApiError.js';
import { parseEventBody } from '../../resources/events.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.eventsGet,
  handler: ({ ctx, input }) => {
    const row = ctx.db.prepare('SELECT body_json FROM events WHERE event_id = ? AND workspace_id = ?').get(input.event_id, ctx.workspace.workspace_id) as { body_json: string } | undefined;
    if (!row) throw notFound('event', input.event_id);
    return { event: parseEventBody(row.body_json) };
  },
});
