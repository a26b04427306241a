/**
 * POST /acs/entrances/list — the property's entrances (door | elevator | amenity), paginated
 * (docs/CLOUD.md, "Pagination"), filtered by Seam's parameters where they apply.
 */
import { defineRoute } from '../../../http/defineRoute.js';
import { afterCursor, pageOf, pageRequest } from '../../../http/params.js';
import { listEntrances, toAcsEntrance } from '../../../resources/entrances.js';
import { getAcsCredential, grantEntranceIds } from '../../../resources/accessGrants.js';
import { entranceIdsOfSpace } from '../../../resources/grantSpaces.js';
import { cloudApi } from '@keyrig/api';

const PATH = cloudApi.acsEntrancesList.path;

export default defineRoute({
  ...cloudApi.acsEntrancesList,
  handler: ({ ctx, input, request }) => {
    const page = pageRequest(PATH, input, 900, 'string');
    const w = ctx.workspace;
    const otherSystem = (input.acs_system_id !== undefined && input.acs_system_id !== w.acs_system_id)
      || (input.connected_account_id !== undefined && input.connected_account_id !== w.connected_account_id);
    let all = otherSystem ? [] : listEntrances(ctx);
    if (input.acs_credential_id !== undefined) {
      const c = getAcsCredential(ctx, input.acs_credential_id);
      const ids = new Set(grantEntranceIds(ctx, c.access_grant_id));
      all = all.filter((e) => ids.has(e.acs_entrance_id));
    }
    const space = input.space_id ?? input.location_id ?? undefined;
    if (space !== undefined) {
      const ids = new Set(entranceIdsOfSpace(ctx, space));
      all = all.filter((e) => ids.has(e.acs_entrance_id));
    }
    if (input.acs_entrance_ids) {
      const ids = new Set(input.acs_entrance_ids);
      all = all.filter((e) => ids.has(e.acs_entrance_id));
    }
    const search = input.search?.toLowerCase();
    if (search !== undefined) all = all.filter((e) => e.display_name.toLowerCase().includes(search));
    if (input.type) all = all.filter((e) => e.type === input.type);
    const rows = afterCursor(all, (e) => [e.entrance_key, e.acs_entrance_id], page.after).slice(0, page.limit + 1);
    const { items, pagination } = pageOf(ctx, request, PATH, rows, page, (e) => [e.entrance_key, e.acs_entrance_id]);
    return { acs_entrances: items.map((e) => toAcsEntrance(ctx, e)), pagination };
  },
});
