/** POST /events/list — newest first, filtered like Seam's (since/between, types, identity, entrance). */
import { z } from 'zod';
import { defineRoute } from '../../http/defineRoute.js';
import { arrayParam, intParam, isoTimeParam, uuidParam } from '../../http/params.js';
import { invalidInput } from '../../http/SeamApiError.js';
import { parseEventBody } from '../../resources/events.js';

export const eventsListInput = z
  .object({
    since: isoTimeParam('since').optional(),
    between: arrayParam(isoTimeParam('between[]')).refine((a) => a.length === 2, 'between needs exactly two times').optional(),
    event_type: z.string().min(1).optional(),
    event_types: arrayParam(z.string().min(1)).optional(),
    user_identity_id: uuidParam('user_identity_id').optional(),
    acs_entrance_id: uuidParam('acs_entrance_id').optional(),
    access_grant_id: uuidParam('access_grant_id').optional(),
    limit: intParam('limit', 1, 10_000).optional(),
    unstable_offset: intParam('unstable_offset', 0, Number.MAX_SAFE_INTEGER).optional(),
  })
  .strict();

export default defineRoute({
  path: '/events/list',
  auth: ['api_key'],
  input: eventsListInput,
  handler: ({ ctx, input }) => {
    if (input.since !== undefined && input.between !== undefined) throw invalidInput('give since or between, not both');
    const [from, to] = input.between ?? [input.since ?? 0, Number.MAX_SAFE_INTEGER];
    const types = input.event_types ?? (input.event_type ? [input.event_type] : null);
    const rows = ctx.db
      .prepare(
        `SELECT body_json FROM events WHERE workspace_id = ? AND occurred_at >= ? AND occurred_at <= ?
           AND (? IS NULL OR event_type IN (SELECT value FROM json_each(?)))
           AND (? IS NULL OR user_identity_id = ?) AND (? IS NULL OR acs_entrance_id = ?)
           AND (? IS NULL OR json_extract(body_json, '$.access_grant_id') = ? OR EXISTS (SELECT 1 FROM json_each(body_json, '$.access_grant_ids') WHERE value = ?))
         ORDER BY occurred_at DESC, seq DESC LIMIT ? OFFSET ?`,
      )
      .all(
        ctx.workspace.workspace_id, from, to,
        types ? 1 : null, JSON.stringify(types ?? []),
        input.user_identity_id ?? null, input.user_identity_id ?? null,
        input.acs_entrance_id ?? null, input.acs_entrance_id ?? null,
        input.access_grant_id ?? null, input.access_grant_id ?? null, input.access_grant_id ?? null,
        input.limit ?? 500, input.unstable_offset ?? 0,
      ) as { body_json: string }[];
    return { events: rows.map((r) => parseEventBody(r.body_json)) };
  },
});
