/**
 * The lock's access rules as ordered checks (docs/LOCK.md, "Decision order"). Each check returns
 * the result code that denies, or undefined to pass; a fault profile can switch a check off, which
 * is how the seeded firmware bugs are made. Pure: no I/O, time comes in as the lock's RTC reading.
 */
import { ResultCode, type ResultCodeValue } from '@keyrig/protocol';
import type { WeeklySchedule } from '../property/schedule.js';
import type { FaultName } from './faults.js';
import { isWithinSchedule, localTime } from './openingHours.js';

/** What the lock learned about a presented credential (signature already checked or not). */
export interface PresentedCredential {
  /** Credential id, lower-case hex. */
  readonly credentialId: string;
  /** Outcome of the provider-signature check on the document. */
  readonly signature: 'valid' | 'bad' | 'unknown-key';
  /** Lock ids and/or entrance ids the credential opens. */
  readonly scope: readonly string[];
  readonly notBefore: number;
  readonly notAfter: number;
  /** The credential's own weekly schedule (null: any time). */
  readonly schedule: WeeklySchedule | null;
  /** Floors the credential allows (elevator). */
  readonly floors: readonly number[];
  /** Key series (e.g. one guest's key for one stay) and its sequence number. */
  readonly keySeries: string;
  readonly keySequence: number;
  /** Whether the phone proved possession of the endpoint key the credential is bound to. */
  readonly endpointBound: boolean;
}

/** The phone's request: unlock, or for an elevator the floors it asks for (empty = all allowed). */
export interface AccessRequest {
  readonly floors?: readonly number[];
}

/** Lock-side facts the rules read. */
export interface RuleContext {
  readonly now: number;
  readonly lockId: string;
  readonly entranceId: string;
  readonly lockType: 'door' | 'elevator' | 'amenity';
  readonly timeZone: string;
  readonly openingHours: WeeklySchedule | null;
  readonly lockFloors: readonly number[];
  readonly revoked: ReadonlySet<string>;
  readonly keySequences: Readonly<Record<string, number>>;
  readonly lastGrantAt: Readonly<Record<string, number>>;
  readonly dailyUses: Readonly<Record<string, { day: string; count: number }>>;
  readonly antiPassbackMs: number;
  readonly maxUsesPerDay: number | undefined;
  /** True when the named fault strikes now (the bug is active). */
  readonly fault: (name: FaultName) => boolean;
}

type Check = (c: PresentedCredential, r: AccessRequest, x: RuleContext) => ResultCodeValue | undefined;

/** The order is the specification's: authenticity first, then authority, then usage limits. */
const CHECKS: readonly Check[] = [
  (c, _r, x) => {
    if (c.signature === 'valid' || x.fault('skips-doc-signature')) return undefined;
    return c.signature === 'unknown-key' ? ResultCode.UNKNOWN_PROVIDER_KEY : ResultCode.BAD_SIGNATURE;
  },
  (c, _r, x) =>
    c.scope.includes(x.lockId) || c.scope.includes(x.entranceId) || x.fault('ignores-scope')
      ? undefined
      : ResultCode.WRONG_LOCK,
  (c, _r, x) => (c.endpointBound || x.fault('ignores-endpoint-binding') ? undefined : ResultCode.ENDPOINT_MISMATCH),
  (c, _r, x) => (x.now < c.notBefore && !x.fault('ignores-expiry') ? ResultCode.NOT_YET_VALID : undefined),
  (c, _r, x) => (x.now >= c.notAfter && !x.fault('ignores-expiry') ? ResultCode.EXPIRED : undefined),
  (c, _r, x) => (x.revoked.has(c.credentialId) && !x.fault('skips-blocklist') ? ResultCode.REVOKED : undefined),
  (c, _r, x) => {
    const highest = x.keySequences[c.keySeries];
    if (highest === undefined || c.keySequence >= highest || x.fault('ignores-key-sequence')) return undefined;
    return ResultCode.SUPERSEDED;
  },
  (c, _r, x) => {
    if (x.fault('ignores-schedule')) return undefined;
    if (c.schedule !== null && !isWithinSchedule(c.schedule, x.now, x.timeZone)) return ResultCode.OUTSIDE_SCHEDULE;
    if (x.openingHours !== null && !isWithinSchedule(x.openingHours, x.now, x.timeZone)) return ResultCode.OUTSIDE_SCHEDULE;
    return undefined;
  },
  (c, _r, x) => {
    const last = x.lastGrantAt[c.credentialId];
    if (x.antiPassbackMs <= 0 || last === undefined) return undefined;
    return x.now - last < x.antiPassbackMs ? ResultCode.ANTI_PASSBACK : undefined;
  },
  (c, _r, x) => {
    if (x.lockType !== 'amenity' || x.maxUsesPerDay === undefined) return undefined;
    const used = x.dailyUses[c.credentialId];
    const today = localTime(x.now, x.timeZone).day;
    return used && used.day === today && used.count >= x.maxUsesPerDay ? ResultCode.DAILY_LIMIT_REACHED : undefined;
  },
  (c, r, x) => (x.lockType === 'elevator' && grantedFloors(c, r, x).length === 0 ? ResultCode.FLOOR_NOT_PERMITTED : undefined),
];

/** Floors released: lock's floors ∩ credential's ∩ requested (all allowed when none requested). */
export function grantedFloors(c: PresentedCredential, r: AccessRequest, x: RuleContext): number[] {
  const allowed = x.lockFloors.filter((f) => c.floors.includes(f));
  const requested = r.floors ?? [];
  return requested.length === 0 ? allowed : allowed.filter((f) => requested.includes(f));
}

/** Runs the checks in order; the first denial wins. GRANTED when every check passes. */
export function evaluateRules(c: PresentedCredential, r: AccessRequest, x: RuleContext): ResultCodeValue {
  for (const check of CHECKS) {
    const denied = check(c, r, x);
    if (denied !== undefined) return denied;
  }
  return ResultCode.GRANTED;
}
