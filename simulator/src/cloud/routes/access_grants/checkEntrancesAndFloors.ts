/** Validation shared by access_grants create/update: entrances exist, floors belong to an elevator in the grant. */
import type { CloudContext } from '../../context.js';
import { invalidInput } from '../../http/SeamApiError.js';
import { listEntrances } from '../../resources/entrances.js';

/**
 * `floorsGiven` false (an update, which cannot change floors): a grant whose entrances no longer
 * include an elevator keeps its floors, unused until an elevator is added back; the property can
 * still drop the elevator from a stay.
 */
export function checkEntrancesAndFloors(ctx: CloudContext, entranceIds: readonly string[], floors: readonly number[] | null, floorsGiven = true): void {
  const known = new Map(listEntrances(ctx).map((e) => [e.acs_entrance_id, e]));
  const missing = entranceIds.filter((id) => !known.has(id));
  if (missing.length > 0) throw invalidInput(`unknown acs_entrance_ids: ${missing.join(', ')}`);
  if (floors === null) return;
  const elevatorFloors = new Set(entranceIds.flatMap((id) => known.get(id)!.floors ?? []));
  if (elevatorFloors.size === 0 && !floorsGiven) return;
  if (elevatorFloors.size === 0) throw invalidInput('floors were given but none of the acs_entrance_ids is an elevator');
  const bad = floors.filter((f) => !elevatorFloors.has(f));
  if (bad.length > 0) throw invalidInput(`floors ${bad.join(', ')} are not served by the elevator(s) in acs_entrance_ids`);
}
