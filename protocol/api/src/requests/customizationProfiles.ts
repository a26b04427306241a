/** Requests of Seam's /workspaces/customization_profiles/* (and keyrig's key page route). */
import { z } from 'zod';
import { uuidParam } from './params.js';

/** "#rgb" or "#rrggbb": anything else would reach a guest's page as CSS. */
export const hexColorParam = (name: string) => z.string().regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, `${name} must be a hex colour such as #1f4fbf`);

/** A logo the page may show: https: (or a data: image), as the page's Content-Security-Policy allows. */
const logoUrlParam = z
  .string()
  .max(100_000)
  .regex(/^(https:\/\/|data:image\/(png|jpeg|gif|webp|svg\+xml)[;,])/, 'logo_url must be an https: URL or a data:image/ URL');

const themeInput = z
  .object({
    primary_color: hexColorParam('customer_portal_theme.primary_color').optional(),
    primary_foreground_color: hexColorParam('customer_portal_theme.primary_foreground_color').optional(),
    secondary_color: hexColorParam('customer_portal_theme.secondary_color').optional(),
    secondary_foreground_color: hexColorParam('customer_portal_theme.secondary_foreground_color').optional(),
    font_family: z.string().max(200).optional(),
    mono_font_family: z.string().max(200).optional(),
  })
  .strict();
const messageOverridesInput = z.record(z.string().max(100), z.record(z.string().max(100), z.string().max(1000)));

const profileFields = {
  name: z.string().max(200).nullable().optional(),
  primary_color: hexColorParam('primary_color').optional(),
  secondary_color: hexColorParam('secondary_color').optional(),
  /** keyrig extension: Seam sets the logo with upload_images (multipart), which keyrig has not. */
  logo_url: logoUrlParam.optional(),
};

export const customizationProfilesCreateInput = z
  .object({ ...profileFields, customer_portal_theme: themeInput.optional(), message_overrides: messageOverridesInput.optional() })
  .strict();
export const customizationProfilesGetInput = z.object({ customization_profile_id: uuidParam('customization_profile_id') }).strict();
export const customizationProfilesListInput = z.object({ customer_key: z.string().max(200).optional() }).strict();
export const customizationProfilesUpdateInput = z
  .object({
    customization_profile_id: uuidParam('customization_profile_id'),
    ...profileFields,
    customer_portal_theme: themeInput.nullable().optional(),
    message_overrides: messageOverridesInput.nullable().optional(),
  })
  .strict();
