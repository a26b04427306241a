/** POST /workspaces/customization_profiles/get — one customization profile. */
import { defineRoute } from '../../../http/defineRoute.js';
import { getCustomizationProfile, toCustomizationProfile } from '../../../resources/customizationProfiles.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.customizationProfilesGet,
  handler: ({ ctx, input }) => ({ customization_profile: toCustomizationProfile(getCustomizationProfile(ctx, input.customization_profile_id)) }),
});
