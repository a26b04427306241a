/**
 * Reference rules for accepting blobs (PROTOCOL.md §9), for lock firmware to call from its
 * `acceptBlocklist` / `acceptTimeSync`.
 */
import { ResultCode, type ResultCodeValue } from '../resultCodes.js';
import type { Blocklist, TimeSync } from './blobTypes.js';

/**
 * GRANTED when the blocklist is newer than or equal to the version the lock holds (equal: no
 * change), STALE_BLOB when older: a lock never goes back to an older blocklist.
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
 * GRANTED when the time sync is for this lock (or any lock) and newer than the last one the lock
 * accepted; WRONG_LOCK when it names another lock; MALFORMED when its time is past
 * MAX_CLOCK_TIME_MS; STALE_BLOB when it is not newer (a replayed
 * old time sync must not turn a lock's clock back).
 */
export function checkTimeSyncFreshness(incoming: TimeSync, lockId: string, lastAcceptedTime: number | undefined): ResultCodeValue {
  if (incoming.lockId !== undefined && incoming.lockId !== lockId.toLowerCase()) return ResultCode.WRONG_LOCK;
  // A time no clock can sensibly show would leave the lock with an unusable clock that no later
  // time sync may turn back (they must be newer): refuse it as malformed.
  if (incoming.time > MAX_CLOCK_TIME_MS) return ResultCode.MALFORMED;
  return lastAcceptedTime !== undefined && incoming.time <= lastAcceptedTime ? ResultCode.STALE_BLOB : ResultCode.GRANTED;
}
