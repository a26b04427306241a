/**
 * Seeds the workspace and the property's entrances and locks (idempotent: running it again with
 * the same file changes nothing; entrances added to the file are added; removed ones stay).
 */
import { KeyrigError } from '@keyrig/protocol';
import type { CloudContext, WorkspaceIds } from './context.js';
import type { CloudDatabase } from './db/openCloudDatabase.js';
import { deriveId, resolveEntrances, type PropertyFile } from '../property/propertyFile.js';
import { ensureLockKeys } from './keys/provisionLocks.js';

/** The single workspace of this cloud (created on first start; ids derive from the property name). */
export function ensureWorkspace(db: CloudDatabase, property: PropertyFile, now: number): WorkspaceIds {
  const existing = db.prepare('SELECT workspace_id, acs_system_id, connected_account_id, name FROM workspaces ORDER BY created_at LIMIT 1').get() as
    | WorkspaceIds
    | undefined;
  if (existing) return existing;
  const ws: WorkspaceIds = {
    workspace_id: deriveId('keyrig-workspace', property.name),
    acs_system_id: deriveId('keyrig-acs-system', property.name),
    connected_account_id: deriveId('keyrig-connected-account', property.name),
    name: property.name,
  };
  db.prepare('INSERT INTO workspaces (workspace_id, name, company_name, acs_system_id, connected_account_id, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    ws.workspace_id, ws.name, ws.name, ws.acs_system_id, ws.connected_account_id, now,
  );
  return ws;
}

export async function seedProperty(ctx: CloudContext, property: PropertyFile): Promise<void> {
  // Entrance and lock ids derive from the property name, so another property needs its own database.
  if (property.name !== ctx.workspace.name) {
    throw new KeyrigError(
      'config',
      `this cloud database was seeded from property "${ctx.workspace.name}", not "${property.name}": use a new --db for another property`,
    );
  }
  const entrances = resolveEntrances(property);
  const now = ctx.clock.now();
  ctx.db.transaction(() => {
    // What the guest's page shows of the property (docs/WEBAPP.md "Identity").
    ctx.db.prepare('UPDATE workspaces SET time_zone = ?, front_desk = ? WHERE workspace_id = ?').run(property.time_zone, property.front_desk ?? null, ctx.workspace.workspace_id);
    for (const e of entrances) {
      ctx.db
        .prepare(
          `INSERT INTO entrances (acs_entrance_id, workspace_id, entrance_key, display_name, type, category, floors_json, hours_json, time_zone, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (acs_entrance_id) DO UPDATE SET display_name = excluded.display_name, type = excluded.type, category = excluded.category,
             floors_json = excluded.floors_json, hours_json = excluded.hours_json, time_zone = excluded.time_zone`,
        )
        .run(e.acs_entrance_id, ctx.workspace.workspace_id, e.key, e.display_name, e.type, e.category ?? null, e.floors ? JSON.stringify(e.floors) : null, e.hours ? JSON.stringify(e.hours) : null, property.time_zone, now);
    }
  })();
  await ensureLockKeys(ctx, entrances.flatMap((e) => e.locks.map((l) => ({ lock_id: l.lock_id, acs_entrance_id: e.acs_entrance_id, name: l.name }))));
}
