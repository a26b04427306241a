/** The entrances a user identity reaches through its grants (user_identities/list_accessible_entrances). */
import type { CloudContext } from '../context.js';
import { currentGrantsOf, grantEntranceIds } from './accessGrants.js';
import { listEntrances, type Entrance } from './entrances.js';

/** Entrances of the identity's grants that have not ended (current and future ones), each once, in entrance-key order. */
export function accessibleEntrances(ctx: CloudContext, userIdentityId: string): Entrance[] {
  const ids = new Set<string>();
  for (const g of currentGrantsOf(ctx, userIdentityId)) for (const id of grantEntranceIds(ctx, g.access_grant_id)) ids.add(id);
  return listEntrances(ctx).filter((e) => ids.has(e.acs_entrance_id));
}
