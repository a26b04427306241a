/**
 * POST /phone/key_page/get — what the guest's page shows around the key: the hotel's name, time
 * zone and front desk (property file), the guest's name, and the colours and logo (the key's own
 * customization, else its profile, else the workspace default). Only the caller's own key.
 */
import { defineRoute } from '../../http/defineRoute.js';
import { unauthorized } from '../../http/SeamApiError.js';
import { pageCustomizationOf } from '../../resources/customizationProfiles.js';
import type { InstantKeyRow } from '../../resources/instantKeys.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.phoneKeyPageGet,
  handler: ({ ctx, caller }) => {
    if (caller?.kind !== 'client_session' || caller.instant_key_id === null) throw unauthorized('this route needs the client session of an instant key');
    const key = ctx.db.prepare('SELECT * FROM instant_keys WHERE instant_key_id = ?').get(caller.instant_key_id) as InstantKeyRow | undefined;
    if (!key) throw unauthorized('this instant key was deleted');
    const ws = ctx.db.prepare('SELECT name, time_zone, front_desk FROM workspaces WHERE workspace_id = ?').get(ctx.workspace.workspace_id) as
      | { name: string; time_zone: string | null; front_desk: string | null }
      | undefined;
    const guest = ctx.db.prepare('SELECT full_name FROM user_identities WHERE user_identity_id = ?').get(key.user_identity_id) as { full_name: string | null } | undefined;
    const { customization, profileId } = pageCustomizationOf(ctx, key);
    return {
      key_page: {
        property_name: ws?.name ?? ctx.workspace.name,
        time_zone: ws?.time_zone ?? 'UTC',
        guest_name: guest?.full_name ?? null,
        front_desk: ws?.front_desk ?? null,
        customization,
        customization_profile_id: profileId,
      },
    };
  },
});
