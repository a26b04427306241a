/**
 * Reference rules for accepting blobs (PROTOCOL.md §9), for lock firmware to call from its
 * `acceptBlocklist` / `acceptTimeSync`.
 */
import { ResultCode, type ResultCodeValue } from '../resultCodes.js';
import type { Blocklist, TimeSync } from './blobTypes.js';

/**
 * The §9 rule for a verified blocklist against the version the lock holds (undefined: it holds
 * none). GRANTED: take it — higher replaces the list (it is complete), equal changes nothing, and
 * a lock holding none takes any version. STALE_BLOB: older, **ignored** like a stale time sync —
 * not a refusal: the lock keeps its newer list, judges the credential against it, and the session
 * goes on. A lock never goes back to an older blocklist.
 */
export function checkBlocklistFreshness(incoming: Blocklist, currentVersion: number | undefined): ResultCodeValue {
  return currentVersion !== undefined && incoming.version < currentVersion ? ResultCode.STALE_BLOB : ResultCode.GRANTED;
}

/**
 * The latest time a lock accepts from a time sync: 9999-12-31T23:59:59.999Z. Far enough for any
 * lock, and far from the last instant a Date can hold (8.64e15 ms, ECMA-262 §21.4.1.1), past which
 * a running clock could no longer be shown or compared with local time.
 */
export const MAX_CLOCK_TIME_MS = 253_402_300_799_999;

/**
 * How far back a time sync may set a running lock clock (5 minutes): enough for the drift of a
 * lock that runs fast (a 32 kHz crystal gains seconds a day), far less than the validity of a key.
 * A larger step back is what a replayed old time sync looks like (PROTOCOL.md §9).
 */
export const MAX_TIME_SYNC_BACKWARD_MS = 5 * 60_000;

/**
 * The §9 rule for a verified time sync, in order:
 * - WRONG_LOCK when it names another lock;
 * - MALFORMED when its time is past MAX_CLOCK_TIME_MS;
 * - STALE_BLOB when it is not newer than the last time sync the lock accepted, or when it would
 *   set a running clock (`lockNow`) back by more than `maxBackwardMs`: an old time sync (a phone's
 *   from check-in, presented after checkout) must not turn the clock back and reopen an expired
 *   key. The lock ignores it and keeps its clock; the session goes on;
 * - else GRANTED: the lock sets its clock to the sync's time. Forward corrections of any size are
 *   allowed, backward ones up to `maxBackwardMs` (drift of a fast clock).
 *
 * `lockNow` is the lock's running clock, undefined while unset: the first time sync of an unset
 * clock cannot be checked for freshness offline and is accepted (PROTOCOL.md §9, limitation).
 */
export function checkTimeSyncFreshness(
  incoming: TimeSync,
  lockId: string,
  lastAcceptedTime: number | undefined,
  lockNow?: number,
  maxBackwardMs: number = MAX_TIME_SYNC_BACKWARD_MS,
): ResultCodeValue {
  if (incoming.lockId !== undefined && incoming.lockId !== lockId.toLowerCase()) return ResultCode.WRONG_LOCK;
  // A time no clock can sensibly show would leave the lock with an unusable clock that no later
  // time sync may turn back (they must be newer): refuse it as malformed.
  if (incoming.time > MAX_CLOCK_TIME_MS) return ResultCode.MALFORMED;
  if (lastAcceptedTime !== undefined && incoming.time <= lastAcceptedTime) return ResultCode.STALE_BLOB;
  if (lockNow !== undefined && lockNow - incoming.time > maxBackwardMs) return ResultCode.STALE_BLOB;
  return ResultCode.GRANTED;
}

/**
 * The time a lock sets its clock to from a time sync that `checkTimeSyncFreshness` GRANTED
 * (PROTOCOL.md §9). The sync proves only "now ≥ T" (T = its signing time); the phone adds how long
 * it has held it (`claimedAgeMs`, unsigned, 0 when absent), capped at `maxBackwardMs`, so
 * E = T + min(age, max) is the phone's estimate of now:
 * - clock unset, or running slow (lockNow < T): E. A forward step; a lying age pushes the clock at
 *   most `maxBackwardMs` past a time the provider signed (at most that early a start), never back;
 * - running at or after T: min(lockNow, E). Never forward, and back only to the phone's estimate:
 *   a correct clock stays correct, a fast one is corrected, and a phone claiming age 0 sets it to
 *   T exactly as a sync without an age does.
 */
export function timeSyncTarget(
  incoming: TimeSync,
  claimedAgeMs: number,
  lockNow: number | undefined,
  maxBackwardMs: number = MAX_TIME_SYNC_BACKWARD_MS,
): number {
  // NaN or negative claims count as none; the cap keeps a lie inside the window of replays
  const age = claimedAgeMs > 0 ? Math.min(claimedAgeMs, maxBackwardMs) : 0;
  const estimate = Math.min(incoming.time + age, MAX_CLOCK_TIME_MS);
  if (lockNow === undefined || lockNow < incoming.time) return estimate;
  return Math.min(lockNow, estimate);
}
