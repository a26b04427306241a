/** POST /workspaces/get — the workspace the API key belongs to. */
import { z } from 'zod';
import { defineRoute } from '../../http/defineRoute.js';
import { toWorkspace } from '../../resources/workspace.js';

export const workspacesGetInput = z.object({}).strict();

export default defineRoute({
  path: '/workspaces/get',
  auth: ['api_key'],
  input: workspacesGetInput,
  handler: ({ ctx }) => ({ workspace: toWorkspace(ctx) }),
});
