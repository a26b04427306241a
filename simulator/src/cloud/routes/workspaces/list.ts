/** POST /workspaces/list — keyrig has one workspace per cloud (seeded). */
import { defineRoute } from '../../http/defineRoute.js';
import { toWorkspace } from '../../resources/workspace.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.workspacesList,
  handler: ({ ctx }) => ({ workspaces: [toWorkspace(ctx)] }),
});
