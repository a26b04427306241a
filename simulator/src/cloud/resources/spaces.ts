/** space rows (named groups of entrances, docs/CLOUD.md "Spaces") and their Seam representation. */
import type { CloudContext } from '../context.js';
import { iso, newId } from '../context.js';
import { invalidInput, notFound } from '../http/SeamApiError.js';
import { getEntrance } from './entrances.js';
import { recordEvent } from './events.js';

export interface SpaceRow {
  space_id: string;
  workspace_id: string;
  name: string;
  space_key: string | null;
  created_at: number;
}

export function toSpace(ctx: CloudContext, s: SpaceRow) {
  const n = ctx.db.prepare('SELECT count(*) AS n FROM space_entrances WHERE space_id = ?').get(s.space_id) as { n: number };
  return {
    space_id: s.space_id,
    workspace_id: s.workspace_id,
    name: s.name,
    display_name: s.name,
    ...(s.space_key !== null ? { space_key: s.space_key } : {}),
    created_at: iso(s.created_at),
    device_count: 0,
    acs_entrance_count: n.n,
  };
}

export function getSpace(ctx: CloudContext, id: string): SpaceRow {
  const row = ctx.db.prepare('SELECT * FROM spaces WHERE space_id = ? AND workspace_id = ?').get(id, ctx.workspace.workspace_id) as SpaceRow | undefined;
  if (!row) throw notFound('space', id);
  return row;
}

export function getSpaceByKey(ctx: CloudContext, key: string): SpaceRow {
  const row = ctx.db.prepare('SELECT * FROM spaces WHERE space_key = ? AND workspace_id = ?').get(key, ctx.workspace.workspace_id) as SpaceRow | undefined;
  if (!row) throw notFound('space', key);
  return row;
}

/** The space's entrance ids, in id order. */
export function spaceEntranceIds(ctx: CloudContext, spaceId: string): string[] {
  return (ctx.db.prepare('SELECT acs_entrance_id FROM space_entrances WHERE space_id = ? ORDER BY acs_entrance_id').all(spaceId) as { acs_entrance_id: string }[]).map(
    (r) => r.acs_entrance_id,
  );
}

/**
 * Seam's space events (space.created, space.deleted, space.device_membership_changed) with the
 * space's entrances at that moment; keyrig spaces have no devices, so `device_ids` is empty.
 */
export function spaceEvent(ctx: CloudContext, type: 'space.created' | 'space.deleted' | 'space.device_membership_changed', s: SpaceRow): void {
  recordEvent(ctx, type, {
    space_id: s.space_id,
    ...(s.space_key !== null ? { space_key: s.space_key } : {}),
    device_ids: [],
    acs_entrance_ids: spaceEntranceIds(ctx, s.space_id),
  });
}

/** Adds entrances to a space (each must exist: 404 names the first unknown one); adding one twice is a no-op. Returns how many were new. */
export function addSpaceEntrances(ctx: CloudContext, spaceId: string, entranceIds: readonly string[]): number {
  for (const id of entranceIds) getEntrance(ctx, id);
  const add = ctx.db.prepare('INSERT OR IGNORE INTO space_entrances (space_id, acs_entrance_id) VALUES (?, ?)');
  let added = 0;
  for (const id of entranceIds) added += add.run(spaceId, id).changes;
  return added;
}

/** Removes entrances from a space (ids not in it are ignored); returns how many were removed. */
export function removeSpaceEntrances(ctx: CloudContext, spaceId: string, entranceIds: readonly string[]): number {
  const del = ctx.db.prepare('DELETE FROM space_entrances WHERE space_id = ? AND acs_entrance_id = ?');
  let removed = 0;
  for (const id of entranceIds) removed += del.run(spaceId, id).changes;
  return removed;
}

/** Inserts a space with its entrances (inside the caller's transaction); a taken space_key is a 400. */
export function insertSpace(ctx: CloudContext, s: { name: string; space_key: string | null; acs_entrance_ids: readonly string[] }): string {
  if (s.space_key !== null) assertSpaceKeyFree(ctx, s.space_key, null);
  const id = newId(ctx.rng);
  ctx.db
    .prepare('INSERT INTO spaces (space_id, workspace_id, name, space_key, created_at) VALUES (?, ?, ?, ?, ?)')
    .run(id, ctx.workspace.workspace_id, s.name, s.space_key, ctx.clock.now());
  addSpaceEntrances(ctx, id, s.acs_entrance_ids);
  spaceEvent(ctx, 'space.created', getSpace(ctx, id));
  return id;
}

export function assertSpaceKeyFree(ctx: CloudContext, key: string, exceptSpaceId: string | null): void {
  const row = ctx.db.prepare('SELECT space_id FROM spaces WHERE workspace_id = ? AND space_key = ?').get(ctx.workspace.workspace_id, key) as { space_id: string } | undefined;
  if (row && row.space_id !== exceptSpaceId) throw invalidInput('a space with this space_key already exists');
}
