/** POST /workspaces/list — keyrig has one workspace per cloud (seeded). */
import { z } from 'zod';
import { defineRoute } from '../../http/defineRoute.js';
import { toWorkspace } from '../../resources/workspace.js';

export const workspacesListInput = z.object({}).strict();

export default defineRoute({
  path: '/workspaces/list',
  auth: ['api_key'],
  input: workspacesListInput,
  handler: ({ ctx }) => ({ workspaces: [toWorkspace(ctx)] }),
});
