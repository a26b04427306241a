/**
 * The guest's page (docs/WEBAPP.md "Identity") and the hotel's customization profiles (Seam's
 * /workspaces/customization_profiles/*). Responses: zod/mini, like every response schema here.
 */
import * as z from 'zod/mini';
import { dateTime } from './common.js';

/** A key's colours and logo, as the page applies them (each colour "#rgb" or "#rrggbb"). */
export const pageCustomizationSchema = z.object({
  primary_color: z.optional(z.string()),
  secondary_color: z.optional(z.string()),
  logo_url: z.optional(z.string()),
});

/** POST /phone/key_page/get: who the key is from and for, and how the page looks. */
export const keyPageSchema = z.object({
  property_name: z.string(),
  /** The property's IANA time zone: stay dates and hours are shown in it. */
  time_zone: z.string(),
  guest_name: z.nullable(z.string()),
  /** The property's front desk in words (phone, opening hours), from the property file. */
  front_desk: z.nullable(z.string()),
  /** The key's own customization, else its profile's, else the workspace's default profile's. */
  customization: z.nullable(pageCustomizationSchema),
  customization_profile_id: z.nullable(z.string()),
});
export type KeyPageJson = z.infer<typeof keyPageSchema>;
export const keyPageGetResponse = z.object({ key_page: keyPageSchema });

/** Seam's customization profile (what @seamapi/types' `customization_profile` accepts). */
export const customizationProfileSchema = z.object({
  workspace_id: z.string(),
  name: z.nullable(z.string()),
  customization_profile_id: z.string(),
  created_at: dateTime,
  logo_url: z.optional(z.string()),
  primary_color: z.optional(z.string()),
  secondary_color: z.optional(z.string()),
  customer_portal_theme: z.optional(z.record(z.string(), z.string())),
  message_overrides: z.optional(z.record(z.string(), z.record(z.string(), z.string()))),
});
export type CustomizationProfileJson = z.infer<typeof customizationProfileSchema>;
export const customizationProfilesGetResponse = z.object({ customization_profile: customizationProfileSchema });
export const customizationProfilesListResponse = z.object({ customization_profiles: z.array(customizationProfileSchema) });
