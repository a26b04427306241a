/**
 * Seam's instant_key_preview (route /seam/instant_key/v1/preview/get), built from keyrig's own
 * preview (instantKeyPreview.ts) plus the guest, the workspace and the key's customization.
 * Fields keyrig has no source for are empty strings or 0 (docs/CLOUD.md "Instant key preview").
 */
import type { CloudContext } from '../context.js';
import { iso } from '../context.js';
import { currentGrantsOf } from './accessGrants.js';
import { instantKeyPreview } from './instantKeyPreview.js';
import type { InstantKeyRow } from './instantKeys.js';
import { getUserIdentity } from './userIdentities.js';

/** Colours of the key page when the key carries no customization (keyrig's defaults). */
const DEFAULT_PRIMARY = '#1f4e79';
const DEFAULT_SECONDARY = '#f2f2f2';

function splitName(full: string): { first: string; last: string } {
  const parts = full.trim().split(/\s+/).filter(Boolean);
  if (parts.length <= 1) return { first: parts[0] ?? '', last: '' };
  return { first: parts.slice(0, -1).join(' '), last: parts[parts.length - 1]! };
}

export function seamInstantKeyPreview(ctx: CloudContext, k: InstantKeyRow) {
  const own = instantKeyPreview(ctx, k);
  const who = getUserIdentity(ctx, k.user_identity_id);
  const custom = k.customization_json ? (JSON.parse(k.customization_json) as Record<string, string>) : {};
  const grants = currentGrantsOf(ctx, k.user_identity_id);
  const checkIn = grants.length ? Math.min(...grants.map((g) => g.starts_at)) : null;
  const ends = grants.map((g) => g.ends_at);
  const checkOut = ends.length && ends.every((e): e is number => e !== null) ? Math.max(...ends) : null;
  const full = who.full_name ?? '';
  const { first, last } = splitName(full);
  // The room: the first guest-room door the key opens ("Room 101" -> "101"), on the grant's first floor if it names one.
  const room = own.access.find((a) => a.type === 'door' && /room/i.test(a.name));
  const floors = grants.flatMap((g) => (g.floors_json ? (JSON.parse(g.floors_json) as number[]) : []));
  return {
    shortcode: k.instant_key_id,
    hotel: {
      hotel_name: ctx.workspace.name,
      primary_color: custom.primary_color ?? DEFAULT_PRIMARY,
      accent_color: custom.secondary_color ?? DEFAULT_SECONDARY,
      secondary_color: custom.secondary_color ?? DEFAULT_SECONDARY,
      verified: false,
      ...(custom.logo_url ? { logo_url: custom.logo_url } : {}),
    },
    guest: {
      first_name: first,
      last_name: last,
      full_name: full,
      email: who.email_address ?? '',
      check_in_date: checkIn === null ? '' : iso(checkIn),
      check_out_date: checkOut === null ? '' : iso(checkOut),
    },
    room: { room_number: room ? room.name.replace(/^room\s*/i, '') : '', room_type: room ? 'guest room' : '', floor: floors[0] ?? 0 },
    access: own.access.map((a) => ({ name: a.name, icon: a.type, available: a.available, hours: a.hours })),
    key_status: own.key_status,
    support_phone: '',
    support_email: '',
    created_at: iso(k.created_at),
    updated_at: iso(k.created_at),
    expires_at: own.expires_at,
  };
}
