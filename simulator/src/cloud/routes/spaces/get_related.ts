/**
 * POST /spaces/get_related — the spaces named by `space_ids` / `space_keys` (each must exist) and
 * the entrances in them, as Seam's `batch`. keyrig has no devices, connected accounts or access
 * methods by space, so only `spaces` and `acs_entrances` are ever in the batch; `include` /
 * `exclude` pick among those two.
 */
import { defineRoute } from '../../http/defineRoute.js';
import { getSpace, getSpaceByKey, toSpace } from '../../resources/spaces.js';
import { entrancesOfSpaces } from '../../resources/grantSpaces.js';
import { getEntrance, toAcsEntrance } from '../../resources/entrances.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.spacesGetRelated,
  handler: ({ ctx, input }) => {
    const rows = [...(input.space_ids ?? []).map((id) => getSpace(ctx, id)), ...(input.space_keys ?? []).map((k) => getSpaceByKey(ctx, k))];
    const spaces = [...new Map(rows.map((s) => [s.space_id, s])).values()];
    const wanted = (kind: 'spaces' | 'acs_entrances') => (input.include === undefined || input.include.includes(kind)) && !(input.exclude ?? []).includes(kind);
    return {
      batch: {
        ...(wanted('spaces') ? { spaces: spaces.map((s) => toSpace(ctx, s)) } : {}),
        ...(wanted('acs_entrances')
          ? { acs_entrances: entrancesOfSpaces(ctx, spaces.map((s) => s.space_id)).map((id) => toAcsEntrance(ctx, getEntrance(ctx, id))) }
          : {}),
      },
    };
  },
});
