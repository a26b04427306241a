/**
 * The scenario property as the access model sees it (scenarios/src/dsl/scenarioProperty.ts,
 * written out again here so the model stays independent of the rig): Europe/Berlin, two
 * guest-room doors, an elevator serving floors 1–5, a gym open 06:00–22:00 every day.
 */
import type { WeeklySchedule } from '@keyrig/protocol';
import type { EntranceKey } from './history.js';

export const PROPERTY_ZONE = 'Europe/Berlin';

export interface ModelEntrance {
  readonly type: 'door' | 'elevator' | 'amenity';
  /** A guest-room door (CLOUD.md "Key sequences": type door, category guest): carries a key sequence. */
  readonly guestDoor: boolean;
  /** Floors the elevator serves ([] unless elevator). */
  readonly floors: readonly number[];
  /** Opening hours (null = always open). */
  readonly hours: WeeklySchedule | null;
}

export const MODEL_ENTRANCES: Readonly<Record<EntranceKey, ModelEntrance>> = {
  room101: { type: 'door', guestDoor: true, floors: [], hours: null },
  room102: { type: 'door', guestDoor: true, floors: [], hours: null },
  elevator: { type: 'elevator', guestDoor: false, floors: [1, 2, 3, 4, 5], hours: null },
  gym: { type: 'amenity', guestDoor: false, floors: [], hours: [{ from: '06:00', to: '22:00' }] },
};

/** Timing constants, each from the document named. */
export const USER_ACTION_MS = 1000; // the scenario DSL: every phone action advances the clock first
export const MAX_WALLET_AGE_MS = 15 * 60_000; // CLIENT.md: ensureFresh reloads when older than 15 min
export const TIME_SYNC_CARRY_MS = 15 * 60_000; // CLIENT.md "Carrying blobs": only while fresh (15 min)
export const MAX_TIME_SYNC_BACKWARD_MS = 5 * 60_000; // PROTOCOL.md §9 rule 3
export const MAX_TIME_SYNC_AGE_MS = 5 * 60_000; // PROTOCOL.md §9 "Where the clock goes": a = min(age, 5 min)
export const DEFAULT_KEY_LIFETIME_MS = 7 * 24 * 3600_000; // CLOUD.md Expiry: 7 days if a grant has no end
