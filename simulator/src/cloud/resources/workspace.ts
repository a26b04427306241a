/** The seeded workspace (one per cloud) in Seam's shape. */
import type { CloudContext } from '../context.js';

export function toWorkspace(ctx: CloudContext) {
  return {
    workspace_id: ctx.workspace.workspace_id,
    name: ctx.workspace.name,
    company_name: ctx.workspace.name,
    is_sandbox: true,
    connect_webview_customization: {},
    is_suspended: false,
    connect_partner_name: null,
    is_publishable_key_auth_enabled: false,
    organization_id: null,
  };
}
