/** POST /workspaces/customization_profiles/create — the hotel's colours and logo for guests' pages. */
import { newId } from '../../../context.js';
import { defineRoute } from '../../../http/defineRoute.js';
import { getCustomizationProfile, toCustomizationProfile } from '../../../resources/customizationProfiles.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.customizationProfilesCreate,
  handler: ({ ctx, input }) => {
    const id = newId(ctx.rng);
    ctx.db
      .prepare(
        `INSERT INTO customization_profiles (customization_profile_id, workspace_id, name, primary_color, secondary_color, logo_url, customer_portal_theme_json, message_overrides_json, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id, ctx.workspace.workspace_id, input.name ?? null, input.primary_color ?? null, input.secondary_color ?? null, input.logo_url ?? null,
        input.customer_portal_theme ? JSON.stringify(input.customer_portal_theme) : null, input.message_overrides ? JSON.stringify(input.message_overrides) : null, ctx.clock.now(),
      );
    return { customization_profile: toCustomizationProfile(getCustomizationProfile(ctx, id)) };
  },
});
