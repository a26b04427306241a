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
 * GRANTED when the time sync is for this lock (or any lock) and newer than the last one the lock
 * accepted; WRONG_LOCK when it names another lock; STALE_BLOB when it is not newer (a replayed
 * old time sync must not turn a lock's clock back).
 */
export function checkTimeSyncFreshness(incoming: TimeSync, lockId: string, lastAcceptedTime: number | undefined): ResultCodeValue {
  if (incoming.lockId !== undefined && incoming.lockId !== lockId.toLowerCase()) return ResultCode.WRONG_LOCK;
  return lastAcceptedTime !== undefined && incoming.time <= lastAcceptedTime ? ResultCode.STALE_BLOB : ResultCode.GRANTED;
}
