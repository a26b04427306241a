/** acs_entrance rows (seeded from the property file) and their Seam representation. */
import type { CloudContext } from '../context.js';
import { iso } from '../context.js';
import { notFound } from '../http/SeamApiError.js';
import type { WeeklySchedule } from '../../property/schedule.js';
import { describeSchedule } from '../../property/schedule.js';
import type { EntranceType } from '../../property/propertyFile.js';

export interface EntranceRow {
  acs_entrance_id: string;
  workspace_id: string;
  entrance_key: string;
  display_name: string;
  type: EntranceType;
  category: string | null;
  floors_json: string | null;
  hours_json: string | null;
  time_zone: string;
  created_at: number;
  /** Guest-room doors: the highest key sequence an override grant took (migration 3); else 0. */
  key_sequence: number;
}

export interface Entrance extends Omit<EntranceRow, 'floors_json' | 'hours_json'> {
  floors: number[] | null;
  hours: WeeklySchedule | null;
  lock_ids: string[];
}

/**
 * Whether documents for this entrance carry a key sequence (PROTOCOL.md §6, the hotel model):
 * guest-room doors (`door` of category `guest` or none) do; the main entrance and other common
 * doors, elevators and amenities do not, so a new guest never supersedes anyone there.
 */
export function carriesKeySequence(e: Pick<EntranceRow, 'type' | 'category'>): boolean {
  return e.type === 'door' && (e.category === null || e.category === 'guest');
}

export function toEntrance(ctx: CloudContext, row: EntranceRow): Entrance {
  const { floors_json, hours_json, ...rest } = row;
  const locks = ctx.db.prepare('SELECT lock_id FROM locks WHERE acs_entrance_id = ? ORDER BY lock_id').all(row.acs_entrance_id) as { lock_id: string }[];
  return {
    ...rest,
    floors: floors_json ? (JSON.parse(floors_json) as number[]) : null,
    hours: hours_json ? (JSON.parse(hours_json) as WeeklySchedule) : null,
    lock_ids: locks.map((l) => l.lock_id),
  };
}

/** Seam's acs_entrance plus `keyrig_metadata` (type, floors, hours, locks). */
export function toAcsEntrance(ctx: CloudContext, e: Entrance) {
  return {
    acs_system_id: ctx.workspace.acs_system_id,
    acs_entrance_id: e.acs_entrance_id,
    // The spaces it is in (docs/CLOUD.md "Spaces").
    space_ids: (ctx.db.prepare('SELECT space_id FROM space_entrances WHERE acs_entrance_id = ? ORDER BY space_id').all(e.acs_entrance_id) as { space_id: string }[]).map((r) => r.space_id),
    created_at: iso(e.created_at),
    display_name: e.display_name,
    connected_account_id: ctx.workspace.connected_account_id,
    errors: [],
    warnings: [],
    can_unlock_with_mobile_key: true,
    can_unlock_with_card: false,
    can_unlock_with_code: false,
    can_unlock_with_cloud_key: false,
    keyrig_metadata: {
      entrance_key: e.entrance_key,
      type: e.type,
      category: e.category,
      floors: e.floors,
      hours: e.hours,
      hours_description: describeSchedule(e.hours),
      time_zone: e.time_zone,
      lock_ids: e.lock_ids,
      /** The door's current key sequence (null: this entrance carries none). */
      key_sequence: carriesKeySequence(e) ? e.key_sequence : null,
    },
  };
}

export function listEntrances(ctx: CloudContext): Entrance[] {
  const rows = ctx.db.prepare('SELECT * FROM entrances WHERE workspace_id = ? ORDER BY entrance_key').all(ctx.workspace.workspace_id) as EntranceRow[];
  return rows.map((r) => toEntrance(ctx, r));
}

export function getEntrance(ctx: CloudContext, id: string): Entrance {
  const row = ctx.db.prepare('SELECT * FROM entrances WHERE acs_entrance_id = ? AND workspace_id = ?').get(id, ctx.workspace.workspace_id) as EntranceRow | undefined;
  if (!row) throw notFound('acs_entrance', id);
  return toEntrance(ctx, row);
}
