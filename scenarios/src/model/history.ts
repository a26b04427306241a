/**
 * A whole-system history: what the property, the guests' phones and time do, step by step. The
 * same value drives the executable access model (model/accessModel.ts: what every unlock attempt
 * must return, written from PROTOCOL.md, CLOUD.md and CLIENT.md) and the rig (model/runHistory.ts:
 * the real cloud, bleno locks and noble phones on the fast air), whose outcomes are compared.
 *
 * Plain JSON on purpose: a disagreement shrinks to a minimal history that is written out as a
 * scenario file (`keyrig run` replays it). Names (g1, k1, p1, …) are the history's own handles;
 * entrances are those of the scenario property (scenarioProperty.ts).
 */

/** The four entrances of the scenario property. */
export type EntranceKey = 'room101' | 'room102' | 'elevator' | 'gym';

export const ENTRANCE_KEYS: readonly EntranceKey[] = ['room101', 'room102', 'elevator', 'gym'];

/** Firmware settings of one lock for a whole history (set when the world starts). */
export interface HistoryLock {
  /** RTC drift in ppm (+ gains time). */
  readonly driftPpm: number;
  /** Initial RTC error of the provisioned lock (ms, + ahead). */
  readonly offsetMs: number;
  /** Anti-passback window (ms, 0 = off). */
  readonly antiPassbackMs: number;
  /** Amenity: grants per credential per local day (undefined = unlimited). */
  readonly maxUsesPerDay?: number;
  /** The RTC starts unset (CLOCK_UNSET until a time sync sets it; a provision step sets it). */
  readonly clockUnset?: boolean;
}

export interface HistorySetup {
  /** Simulation start (ms since the epoch); the property's zone is Europe/Berlin. */
  readonly start: number;
  readonly locks: Readonly<Record<EntranceKey, HistoryLock>>;
}

/**
 * One step. Steps that cross into the system name what they act on by handle; handles are
 * introduced by the step that creates them (guest, grant, key, phone) and referring to an
 * unknown handle is a bug of the generator, not an outcome.
 */
export type HistoryStep =
  /** A user identity. */
  | { readonly do: 'guest'; readonly guest: string }
  /** access_grants/create: entrances, a window relative to now, optional floors, key mode, max use count. */
  | {
      readonly do: 'grant';
      readonly grant: string;
      readonly guest: string;
      readonly entrances: readonly EntranceKey[];
      /** starts_at = now + startsInMs (0 = now). */
      readonly startsInMs: number;
      /** ends_at = starts_at + durationMs. */
      readonly durationMs: number;
      /** Elevator floors (subset of 1..5); omitted = all. */
      readonly floors?: readonly number[];
      readonly keyMode?: 'override' | 'joiner';
      /** requested_access_methods[0].instant_key_max_use_count. */
      readonly maxUseCount?: number;
    }
  /** access_grants/update: new ends_at (now + endsInMs; extension or shortening) and/or fewer/other entrances. */
  | { readonly do: 'updateGrant'; readonly grant: string; readonly endsInMs?: number; readonly entrances?: readonly EntranceKey[] }
  /** access_grants/delete. */
  | { readonly do: 'deleteGrant'; readonly grant: string }
  /** user_identities/delete. */
  | { readonly do: 'deleteGuest'; readonly guest: string }
  /** user_identities/generate_instant_key (max_use_count omitted = the cloud's default). */
  | { readonly do: 'instantKey'; readonly key: string; readonly guest: string; readonly maxUseCount?: number }
  /** instant_keys/delete. */
  | { readonly do: 'deleteKey'; readonly key: string }
  /** A new phone (its own controller on the air, its own device key), online. */
  | { readonly do: 'phone'; readonly phone: string }
  /** The phone opens an instant key (forwarded links included): open, register, first load. Outcome: 'ok' or the cloud's error type. */
  | { readonly do: 'open'; readonly phone: string; readonly key: string }
  /** client_sessions/revoke of the phone's session (the property revokes it). */
  | { readonly do: 'revokeSession'; readonly phone: string }
  /** The phone loses / regains its network (the air is unaffected). */
  | { readonly do: 'offline'; readonly phone: string }
  | { readonly do: 'online'; readonly phone: string }
  /** The app reloads credentials (on open, pull to refresh). Outcome: 'ok', 'offline' or the cloud's error type. */
  | { readonly do: 'reload'; readonly phone: string }
  /**
   * The user taps "unlock" (or picks floors at the elevator) with the phone standing at the
   * entrance: the app picks its document, carries blobs, may reload and retry (CLIENT.md).
   * Outcome: the result code name the app ends with, or 'NO_CREDENTIAL' when it holds none for it.
   */
  | { readonly do: 'unlock'; readonly phone: string; readonly entrance: EntranceKey; readonly floors?: readonly number[] }
  /**
   * A hostile guest: one protocol session at `entrance`'s lock presenting the phone's document
   * for `document` (another entrance), with the phone's blocklist and no time sync. Outcome: the
   * code the lock ends with, or 'NO_CREDENTIAL' when the phone holds no document for `document`.
   */
  | { readonly do: 'present'; readonly phone: string; readonly entrance: EntranceKey; readonly document: EntranceKey }
  /** The lock is (re)provisioned from the cloud's current provisioning file: fresh state, clock set. */
  | { readonly do: 'provision'; readonly entrance: EntranceKey }
  /** Time passes for everyone (cloud, locks, phones). */
  | { readonly do: 'travel'; readonly ms: number };

export interface History {
  readonly setup: HistorySetup;
  readonly steps: readonly HistoryStep[];
}

/**
 * What a step returned: for unlock, a result code name (GRANTED, REVOKED, …) or NO_CREDENTIAL;
 * for open / reload, 'ok', 'offline' or the cloud's error type (instant_key_expired, …); null
 * for steps without an outcome the model predicts.
 */
export type StepOutcome = string | null;
