/**
 * What the page shows of a key, computed from the cached copy: the entrance cards, the stay's
 * dates in the property's time zone, and whether hours include "now" (recomputed as time passes).
 */
import { isOpenAt, type WeeklySchedule } from '@keyrig/protocol';
import type { CachedKey } from './loadKey.js';
import type { EntranceType, EntranceView } from './ui.js';

/** The property's IANA zone: every credential carries it (the property file's `time_zone`). */
export function propertyZoneOf(key: CachedKey): string {
  return key.bundle.credentials[0]?.time_zone ?? 'UTC';
}

/** Whether an entrance's hours include cloud time `now`; undefined for entrances without hours. */
export function openNowOf(key: CachedKey, entranceId: string, now: number): boolean | undefined {
  const c = key.bundle.credentials.find((x) => x.acs_entrance_id === entranceId);
  const hours = (c as { hours?: WeeklySchedule | null } | undefined)?.hours ?? null;
  return c && hours ? isOpenAt(hours, now, c.time_zone ?? 'UTC') : undefined;
}

/** One card per entrance (doors, then the elevator, then amenities), as of cloud time `now`. */
export function entrancesOf(key: CachedKey, now: number): EntranceView[] {
  const byId = new Map<string, EntranceView>();
  for (const c of key.bundle.credentials) {
    const known = byId.get(c.acs_entrance_id);
    if (known) {
      for (const l of c.lock_ids) if (!known.lockIds.includes(l)) known.lockIds.push(l);
      continue;
    }
    const openNow = openNowOf(key, c.acs_entrance_id, now);
    byId.set(c.acs_entrance_id, {
      id: c.acs_entrance_id,
      name: c.entrance_name,
      type: (['door', 'elevator', 'amenity'].includes(c.entrance_type) ? c.entrance_type : 'door') as EntranceType,
      lockIds: [...c.lock_ids],
      ...(c.floors.length > 0 ? { floors: [...c.floors] } : {}),
      ...(c.hours_description && c.hours ? { hours: c.hours_description } : {}),
      ...(openNow !== undefined ? { openNow } : {}),
    });
  }
  const order: Record<EntranceType, number> = { door: 0, elevator: 1, amenity: 2 };
  return [...byId.values()].sort((a, b) => order[a.type] - order[b.type] || a.name.localeCompare(b.name));
}

/** "8 Dec 2026, 15:00" in `zone`. */
export function formatInZone(t: number, zone: string): string {
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: zone }).format(t);
}

/**
 * The stay in words, in the property's zone: from the earliest start to the latest end of the
 * key's grants ("Your stay: 8 Dec 2026, 15:00 – 10 Dec 2026, 11:00 (hotel time)"); a stay with
 * no end says until when the key itself is valid.
 */
export function describeStay(key: CachedKey): string {
  const zone = propertyZoneOf(key);
  const access = key.preview.access;
  const starts = access.map((a) => Date.parse(a.starts_at));
  const ends = access.map((a) => (a.ends_at === null ? Number.POSITIVE_INFINITY : Date.parse(a.ends_at)));
  const end = Math.max(...ends);
  const until = Number.isFinite(end) ? end : Date.parse(key.preview.expires_at);
  if (starts.length === 0) return `Key valid until ${formatInZone(Date.parse(key.preview.expires_at), zone)} (hotel time).`;
  return `Your stay: ${formatInZone(Math.min(...starts), zone)} – ${formatInZone(until, zone)} (hotel time).`;
}
