/** POST /workspaces/customization_profiles/update — changes the given fields; null clears the theme or overrides. */
import { defineRoute } from '../../../http/defineRoute.js';
import { getCustomizationProfile } from '../../../resources/customizationProfiles.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.customizationProfilesUpdate,
  handler: ({ ctx, input }) => {
    const row = getCustomizationProfile(ctx, input.customization_profile_id);
    const json = (v: unknown, old: string | null): string | null => (v === undefined ? old : v === null ? null : JSON.stringify(v));
    ctx.db
      .prepare(
        `UPDATE customization_profiles SET name = ?, primary_color = ?, secondary_color = ?, logo_url = ?, customer_portal_theme_json = ?, message_overrides_json = ?
         WHERE customization_profile_id = ?`,
      )
      .run(
        input.name !== undefined ? input.name : row.name, input.primary_color ?? row.primary_color, input.secondary_color ?? row.secondary_color, input.logo_url ?? row.logo_url,
        json(input.customer_portal_theme, row.customer_portal_theme_json), json(input.message_overrides, row.message_overrides_json), row.customization_profile_id,
      );
    return {};
  },
});
