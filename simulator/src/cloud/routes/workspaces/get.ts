/** POST /workspaces/get — the workspace the API key belongs to. */
import { defineRoute } from '../../http/defineRoute.js';
import { toWorkspace } from '../../resources/workspace.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.workspacesGet,
  handler: ({ ctx }) => ({ workspace: toWorkspace(ctx) }),
});
