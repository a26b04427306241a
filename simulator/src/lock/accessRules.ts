/**
 * Access rules the lock runs, with its fault profiles applied. The reference rule is
 * protocol's `evaluateAccess`; a faulty firmware is made by neutralising the input of the rule it
 * "forgets" (e.g. ignores-expiry widens the validity window), so every other rule stays the
 * reference one. The amenity's own opening hours (provisioning `schedule`) are the lock's, not the
 * credential's, and are checked here.
 */
import {
  evaluateAccess,
  isOpenAt,
  ResultCode,
  resultCodeName,
  type AccessDecision,
  type AccessInput,
  type ResultCodeValue,
  type WeeklySchedule,
} from '@keyrig/protocol';
import type { FaultName } from './faults.js';

export interface LockRuleOptions {
  /** The amenity's opening hours in the lock's time zone; null = always open. */
  readonly openingHours: WeeklySchedule | null;
  readonly timeZone: string;
  /** Floors this reader can release (elevators): grants are cut to them. */
  readonly lockFloors: readonly number[];
  /** True when the named fault strikes now. */
  readonly fault: (name: FaultName) => boolean;
}

/** Applies the rule-level fault profiles to the rule's input (see the module comment). */
export function neutralise(input: AccessInput, fault: (name: FaultName) => boolean): AccessInput {
  let document = input.document;
  let out: AccessInput = input;
  if (fault('ignores-expiry')) document = { ...document, notBefore: 0, notAfter: Number.MAX_SAFE_INTEGER };
  if (fault('ignores-schedule')) document = { ...document, schedule: [] };
  if (fault('ignores-scope') && !document.entrances.includes(input.lock.lockId)) {
    document = { ...document, entrances: [...document.entrances, input.lock.lockId] };
  }
  if (fault('skips-blocklist')) out = { ...out, revokedCredentialIds: [] };
  if (fault('ignores-key-sequence')) out = { ...out, storedKeySequence: undefined };
  return { ...out, document };
}

function decision(code: ResultCodeValue, reason: string): AccessDecision {
  return { code, codeName: resultCodeName(code) ?? 'INTERNAL_ERROR', reason, grantedFloors: [] };
}

const AFTER_SCHEDULE: ReadonlySet<number> = new Set([
  ResultCode.GRANTED,
  ResultCode.FLOOR_NOT_PERMITTED,
  ResultCode.ANTI_PASSBACK,
  ResultCode.DAILY_LIMIT_REACHED,
]);

/**
 * The lock's access decision: the reference rule (with faults), then what only the lock knows:
 * its amenity opening hours and the floors its reader is wired to.
 */
export function decideAccess(input: AccessInput, options: LockRuleOptions): AccessDecision {
  const d = evaluateAccess(neutralise(input, options.fault));
  // Opening hours rank with the credential schedule (§7 order): before floors, anti-passback and
  // the daily limit, after everything else.
  if (
    AFTER_SCHEDULE.has(d.code) &&
    options.openingHours !== null &&
    !options.fault('ignores-schedule') &&
    !isOpenAt(options.openingHours, input.lockTime, options.timeZone)
  ) {
    return decision(ResultCode.OUTSIDE_SCHEDULE, 'outside the opening hours of this entrance');
  }
  if (d.code === ResultCode.GRANTED && d.grantedFloors.length > 0) {
    const floors = d.grantedFloors.filter((f) => options.lockFloors.includes(f));
    if (floors.length === 0) return decision(ResultCode.FLOOR_NOT_PERMITTED, 'no permitted floor is served by this elevator');
    if (floors.length !== d.grantedFloors.length) return { ...d, grantedFloors: floors };
  }
  return d;
}
