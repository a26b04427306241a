/**
 * POST /workspaces/customization_profiles/list — the workspace's profiles, oldest first (the first
 * is the workspace's default for keys that name none). keyrig has no customers: `customer_key` is
 * accepted and lists the workspace's profiles.
 */
import { defineRoute } from '../../../http/defineRoute.js';
import { listCustomizationProfiles, toCustomizationProfile } from '../../../resources/customizationProfiles.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.customizationProfilesList,
  handler: ({ ctx }) => ({ customization_profiles: listCustomizationProfiles(ctx).map(toCustomizationProfile) }),
});
