/**
 * The reference access rule (PROTOCOL.md §7 "Access decision"): a pure function lock firmware
 * calls for every COMMAND. The order of checks is normative — when several apply, the first wins.
 */
import { ResultCode, resultCodeName, type ResultCodeValue } from '../resultCodes.js';
import { LockType } from '../gatt/LockType.js';
import type { AccessDecision, AccessInput } from './accessTypes.js';
import { inSchedule } from '../calendar/scheduleWindows.js';

function deny(code: ResultCodeValue, reason: string): AccessDecision {
  return { code, codeName: resultCodeName(code) ?? 'INTERNAL_ERROR', reason, grantedFloors: [] };
}

/**
 * Decides one access command. Order: lock condition (BATTERY_CRITICAL, JAMMED, LOCKOUT, BUSY,
 * CLOCK_UNSET), WRONG_LOCK, REVOKED, SUPERSEDED, NOT_YET_VALID, EXPIRED, OUTSIDE_SCHEDULE,
 * FLOOR_NOT_PERMITTED, ANTI_PASSBACK, DAILY_LIMIT_REACHED, then GRANTED.
 */
export function evaluateAccess(input: AccessInput): AccessDecision {
  const { document: doc, lock, lockTime, command } = input;
  const c = input.condition ?? {};
  if (c.batteryCritical) return deny(ResultCode.BATTERY_CRITICAL, 'battery critically low');
  if (c.jammed) return deny(ResultCode.JAMMED, 'lock mechanism jammed');
  if (c.lockout) return deny(ResultCode.LOCKOUT, 'locked out after invalid attempts');
  if (c.busy) return deny(ResultCode.BUSY, 'lock busy');
  if (c.clockUnset) return deny(ResultCode.CLOCK_UNSET, 'lock clock not set');

  const lockId = lock.lockId.toLowerCase();
  if (!doc.entrances.includes(lockId)) return deny(ResultCode.WRONG_LOCK, `lock ${lockId} is not among the credential's entrances`);

  const revoked = input.revokedCredentialIds;
  const isRevoked = revoked === undefined ? false : 'has' in revoked ? revoked.has(doc.credentialId) : revoked.includes(doc.credentialId);
  if (isRevoked) return deny(ResultCode.REVOKED, `credential ${doc.credentialId} is on the blocklist`);

  // Hotel key sequence (§6): the lock keeps one sequence, the highest it granted. A lower one is
  // an older guest's key; an equal one is a joiner; a document without one (common areas, staff)
  // is not subject to supersession.
  const docSequence = doc.keySequences[lockId];
  const stored = input.storedKeySequence;
  if (docSequence !== undefined && stored !== undefined && docSequence < stored) {
    return deny(ResultCode.SUPERSEDED, `key sequence ${docSequence} is older than ${stored} stored by the lock`);
  }

  if (lockTime < doc.notBefore) return deny(ResultCode.NOT_YET_VALID, 'credential not valid yet');
  if (lockTime >= doc.notAfter) return deny(ResultCode.EXPIRED, 'credential expired');
  if (!inSchedule(doc.schedule, lockTime, lock.timeZone)) return deny(ResultCode.OUTSIDE_SCHEDULE, 'outside the weekly schedule');

  let grantedFloors: number[] = [];
  if (lock.lockType === LockType.elevator) {
    const requested = command.op === 'selectFloors' ? command.floors : doc.floors;
    grantedFloors = [...new Set(requested.filter((f) => doc.floors.includes(f)))].sort((a, b) => a - b);
    if (grantedFloors.length === 0) return deny(ResultCode.FLOOR_NOT_PERMITTED, 'none of the requested floors is permitted');
  } else if (command.op === 'selectFloors') {
    return deny(ResultCode.FLOOR_NOT_PERMITTED, 'this lock is not an elevator');
  }

  if (lock.antiPassbackMs !== undefined && input.lastUseAt !== undefined && lockTime - input.lastUseAt < lock.antiPassbackMs) {
    return deny(ResultCode.ANTI_PASSBACK, 'used here too recently (anti-passback)');
  }
  if (doc.maxUsesPerDay !== undefined && (input.usesToday ?? 0) >= doc.maxUsesPerDay) {
    return deny(ResultCode.DAILY_LIMIT_REACHED, `daily limit of ${doc.maxUsesPerDay} uses reached`);
  }

  const decision: AccessDecision = { code: ResultCode.GRANTED, codeName: 'GRANTED', reason: 'granted', grantedFloors };
  return docSequence !== undefined && (stored === undefined || docSequence > stored)
    ? { ...decision, newKeySequence: docSequence }
    : decision;
}
