/**
 * POST /events/list — newest first, filtered like Seam's (since/between, types, identity, entrance,
 * access grant(s), access method(s), ACS credential, event ids).
 */
import { defineRoute } from '../../http/defineRoute.js';
import { invalidInput } from '../../http/SeamApiError.js';
import { parseEventBody } from '../../resources/events.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.eventsList,
  handler: ({ ctx, input }) => {
    if (input.since !== undefined && input.between !== undefined) throw invalidInput('give since or between, not both');
    const [from, to] = input.between ?? [input.since ?? 0, Number.MAX_SAFE_INTEGER];
    const types = input.event_types ?? (input.event_type ? [input.event_type] : null);
    const grants = input.access_grant_ids ?? (input.access_grant_id ? [input.access_grant_id] : null);
    const methods = input.access_method_ids ?? (input.access_method_id ? [input.access_method_id] : null);
    const list = (ids: readonly string[] | null) => [ids ? 1 : null, JSON.stringify(ids ?? [])];
    const rows = ctx.db
      .prepare(
        `SELECT body_json FROM events WHERE workspace_id = ? AND occurred_at >= ? AND occurred_at <= ?
           AND (? IS NULL OR event_type IN (SELECT value FROM json_each(?)))
           AND (? IS NULL OR user_identity_id = ?) AND (? IS NULL OR acs_entrance_id = ?)
           AND (? IS NULL OR json_extract(body_json, '$.access_grant_id') IN (SELECT value FROM json_each(?))
                OR EXISTS (SELECT 1 FROM json_each(body_json, '$.access_grant_ids') g WHERE g.value IN (SELECT value FROM json_each(?))))
           AND (? IS NULL OR json_extract(body_json, '$.access_method_id') IN (SELECT value FROM json_each(?)))
           AND (? IS NULL OR json_extract(body_json, '$.acs_credential_id') = ?)
           AND (? IS NULL OR event_id IN (SELECT value FROM json_each(?)))
         ORDER BY occurred_at DESC, seq DESC LIMIT ? OFFSET ?`,
      )
      .all(
        ctx.workspace.workspace_id, from, to,
        types ? 1 : null, JSON.stringify(types ?? []),
        input.user_identity_id ?? null, input.user_identity_id ?? null,
        input.acs_entrance_id ?? null, input.acs_entrance_id ?? null,
        ...list(grants), JSON.stringify(grants ?? []),
        ...list(methods),
        input.acs_credential_id ?? null, input.acs_credential_id ?? null,
        ...list(input.event_ids ?? null),
        input.limit ?? 500, input.unstable_offset ?? 0,
      ) as { body_json: string }[];
    return { events: rows.map((r) => parseEventBody(r.body_json)) };
  },
});
