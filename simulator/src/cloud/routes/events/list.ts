/**
 * POST /events/list — newest first, with Seam's 28 parameters (docs/CLOUD.md, "Compatibility"):
 * since/between, types, identity, entrance, access grant(s), access method(s), ACS credential,
 * event ids, spaces (events of grants on the space), limit/unstable_offset. keyrig is one ACS
 * system and connected account: naming them keeps every event, naming another none. Filters on
 * resources keyrig does not have (devices, access codes, ACS users and access groups, encoders,
 * Connect Webviews) match the events that carry that id — none. `customer_key` is ignored.
 */
import { defineRoute } from '../../http/defineRoute.js';
import { invalidInput } from '../../http/SeamApiError.js';
import { parseEventBody } from '../../resources/events.js';
import { cloudApi } from '@keyrig/api';

type Param = string | number | null;

/** `one` and `many` of a Seam filter pair as one list (null: not given). */
const either = (one: string | undefined, many: readonly string[] | undefined): string[] | null =>
  many !== undefined || one !== undefined ? [...(many ?? []), ...(one !== undefined ? [one] : [])] : null;

export default defineRoute({
  ...cloudApi.eventsList,
  handler: ({ ctx, input }) => {
    if (input.since !== undefined && input.between !== undefined) throw invalidInput('give since or between, not both');
    const w = ctx.workspace;
    const systems = either(input.acs_system_id, input.acs_system_ids);
    if ((systems && !systems.includes(w.acs_system_id)) || (input.connected_account_id !== undefined && input.connected_account_id !== w.connected_account_id)) {
      return { events: [] };
    }
    const [from = 0, to = Number.MAX_SAFE_INTEGER] = input.between ?? [input.since ?? 0, Number.MAX_SAFE_INTEGER];
    const where: string[] = ['workspace_id = ?', 'occurred_at >= ?', 'occurred_at <= ?'];
    const params: Param[] = [w.workspace_id, from, to];
    const inList = (sql: string, ids: readonly string[] | null) => {
      if (ids === null) return;
      where.push(sql.replaceAll('$IDS', '(SELECT value FROM json_each(?))'));
      const n = sql.split('$IDS').length - 1;
      for (let i = 0; i < n; i++) params.push(JSON.stringify(ids));
    };
    inList('event_type IN $IDS', input.event_types ?? (input.event_type ? [input.event_type] : null));
    inList('user_identity_id IN $IDS', input.user_identity_id !== undefined ? [input.user_identity_id] : null);
    inList('acs_entrance_id IN $IDS', input.acs_entrance_id !== undefined ? [input.acs_entrance_id] : null);
    inList(
      `(json_extract(body_json, '$.access_grant_id') IN $IDS OR EXISTS (SELECT 1 FROM json_each(body_json, '$.access_grant_ids') g WHERE g.value IN $IDS))`,
      either(input.access_grant_id, input.access_grant_ids),
    );
    inList(`json_extract(body_json, '$.access_method_id') IN $IDS`, either(input.access_method_id, input.access_method_ids));
    inList(`json_extract(body_json, '$.acs_credential_id') IN $IDS`, input.acs_credential_id !== undefined ? [input.acs_credential_id] : null);
    inList('event_id IN $IDS', input.event_ids ?? null);
    // Events about grants on the space (a grant's space_ids, migration 5).
    inList(
      `(json_extract(body_json, '$.space_id') IN $IDS OR EXISTS (SELECT 1 FROM access_grants ag, json_each(coalesce(ag.space_ids_json, '[]')) s
         WHERE s.value IN $IDS AND (ag.access_grant_id = json_extract(body_json, '$.access_grant_id')
           OR ag.access_grant_id IN (SELECT value FROM json_each(body_json, '$.access_grant_ids')))))`,
      either(input.space_id, input.space_ids),
    );
    // Resources keyrig does not have: only an event carrying the id would match.
    for (const [field, ids] of [
      ['device_id', either(input.device_id, input.device_ids)],
      ['access_code_id', either(input.access_code_id, input.access_code_ids)],
      ['connect_webview_id', either(input.connect_webview_id, undefined)],
      ['acs_user_id', either(input.acs_user_id, undefined)],
      ['acs_access_group_id', either(input.acs_access_group_id, undefined)],
      ['acs_encoder_id', either(input.acs_encoder_id, undefined)],
    ] as const) {
      inList(`json_extract(body_json, '$.${field}') IN $IDS`, ids);
    }
    const rows = ctx.db
      .prepare(`SELECT body_json FROM events WHERE ${where.join(' AND ')} ORDER BY occurred_at DESC, seq DESC LIMIT ? OFFSET ?`)
      .all(...params, input.limit ?? 500, input.unstable_offset ?? 0) as { body_json: string }[];
    return { events: rows.map((r) => parseEventBody(r.body_json)) };
  },
});
