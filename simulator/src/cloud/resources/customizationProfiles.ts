/**
 * The hotel's customization profiles (Seam's /workspaces/customization_profiles/*: colours, logo)
 * and which one a key's page wears: the instant key's own `customization`, else its
 * `customization_profile_id`'s profile, else the workspace's default profile (the first created).
 */
import type { CloudContext } from '../context.js';
import { iso } from '../context.js';
import { notFound } from '../http/SeamApiError.js';
import type { InstantKeyRow } from './instantKeys.js';

export interface CustomizationProfileRow {
  customization_profile_id: string;
  workspace_id: string;
  name: string | null;
  primary_color: string | null;
  secondary_color: string | null;
  logo_url: string | null;
  customer_portal_theme_json: string | null;
  message_overrides_json: string | null;
  created_at: number;
}

/** Seam's shape: absent optional fields are left out, not null. */
export function toCustomizationProfile(r: CustomizationProfileRow) {
  return {
    workspace_id: r.workspace_id,
    name: r.name,
    customization_profile_id: r.customization_profile_id,
    created_at: iso(r.created_at),
    ...(r.logo_url !== null ? { logo_url: r.logo_url } : {}),
    ...(r.primary_color !== null ? { primary_color: r.primary_color } : {}),
    ...(r.secondary_color !== null ? { secondary_color: r.secondary_color } : {}),
    ...(r.customer_portal_theme_json !== null ? { customer_portal_theme: JSON.parse(r.customer_portal_theme_json) as Record<string, string> } : {}),
    ...(r.message_overrides_json !== null ? { message_overrides: JSON.parse(r.message_overrides_json) as Record<string, Record<string, string>> } : {}),
  };
}

export function findCustomizationProfile(ctx: CloudContext, id: string): CustomizationProfileRow | undefined {
  return ctx.db.prepare('SELECT * FROM customization_profiles WHERE customization_profile_id = ? AND workspace_id = ?').get(id, ctx.workspace.workspace_id) as
    | CustomizationProfileRow
    | undefined;
}

export function getCustomizationProfile(ctx: CloudContext, id: string): CustomizationProfileRow {
  const row = findCustomizationProfile(ctx, id);
  if (!row) throw notFound('customization_profile', id);
  return row;
}

export function listCustomizationProfiles(ctx: CloudContext): CustomizationProfileRow[] {
  return ctx.db.prepare('SELECT * FROM customization_profiles WHERE workspace_id = ? ORDER BY created_at, rowid').all(ctx.workspace.workspace_id) as CustomizationProfileRow[];
}

/** Colours and logo for a key's page, and the profile they came from (null: the key's own or none). */
export function pageCustomizationOf(ctx: CloudContext, key: InstantKeyRow): { customization: { primary_color?: string; secondary_color?: string; logo_url?: string } | null; profileId: string | null } {
  if (key.customization_json) return { customization: JSON.parse(key.customization_json) as Record<string, string>, profileId: null };
  const profile = (key.customization_profile_id ? findCustomizationProfile(ctx, key.customization_profile_id) : undefined) ?? listCustomizationProfiles(ctx)[0];
  if (!profile) return { customization: null, profileId: null };
  return {
    customization: {
      ...(profile.primary_color ? { primary_color: profile.primary_color } : {}),
      ...(profile.secondary_color ? { secondary_color: profile.secondary_color } : {}),
      ...(profile.logo_url ? { logo_url: profile.logo_url } : {}),
    },
    profileId: profile.customization_profile_id,
  };
}
