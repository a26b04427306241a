/** POST /spaces/get — by space_id or space_key. */
import { defineRoute } from '../../http/defineRoute.js';
import { getSpace, getSpaceByKey, toSpace } from '../../resources/spaces.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.spacesGet,
  handler: ({ ctx, input }) => ({ space: toSpace(ctx, input.space_id !== undefined ? getSpace(ctx, input.space_id) : getSpaceByKey(ctx, input.space_key!)) }),
});
