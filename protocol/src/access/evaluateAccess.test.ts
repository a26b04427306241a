import { describe, expect, it } from 'vitest';
import type { CredentialDocument } from '../credential/CredentialDocument.js';
import { LockType } from '../gatt/LockType.js';
import { ResultCode, type ResultCodeName } from '../resultCodes.js';
import type { AccessInput } from './accessTypes.js';
import { evaluateAccess } from './evaluateAccess.js';

const LOCK = '11111111-2222-4333-8444-555555555555';
const OTHER = '99999999-2222-4333-8444-555555555555';
// Wednesday 2026-01-07 12:00 UTC
const NOON = Date.UTC(2026, 0, 7, 12, 0);

const doc: CredentialDocument = {
  credentialId: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
  userIdentityId: 'user-1',
  accessGrantId: 'grant-1',
  endpointPublicKey: new Uint8Array(65),
  entrances: [LOCK],
  floors: [3, 5],
  notBefore: NOON - 3_600_000,
  notAfter: NOON + 3_600_000,
  schedule: [{ days: 0b0111110, startMinute: 8 * 60, endMinute: 18 * 60 }],
  keySequences: { [LOCK]: 4 },
  issuedAt: NOON - 7_200_000,
  keyId: 'k1',
};

const base: AccessInput = {
  document: doc,
  lock: { lockId: LOCK, lockType: LockType.door, timeZone: 'UTC' },
  lockTime: NOON,
  command: { op: 'unlock' },
};

const cases: [string, Partial<AccessInput>, ResultCodeName][] = [
  ['granted', {}, 'GRANTED'],
  ['battery beats everything', { condition: { batteryCritical: true, jammed: true }, lockTime: 0 }, 'BATTERY_CRITICAL'],
  ['jammed', { condition: { jammed: true } }, 'JAMMED'],
  ['lockout', { condition: { lockout: true } }, 'LOCKOUT'],
  ['busy', { condition: { busy: true } }, 'BUSY'],
  ['clock unset', { condition: { clockUnset: true } }, 'CLOCK_UNSET'],
  ['wrong lock', { lock: { ...base.lock, lockId: OTHER } }, 'WRONG_LOCK'],
  ['revoked (set)', { revokedCredentialIds: new Set([doc.credentialId]) }, 'REVOKED'],
  ['revoked (list) beats expired', { revokedCredentialIds: [doc.credentialId], lockTime: NOON + 9e6 }, 'REVOKED'],
  ['superseded: a later guest\'s key was used here', { storedKeySequence: 5 }, 'SUPERSEDED'],
  ['same sequence ok (a joiner)', { storedKeySequence: 4 }, 'GRANTED'],
  ['higher sequence ok (override, first use)', { storedKeySequence: 3 }, 'GRANTED'],
  ['superseded beats expired', { storedKeySequence: 5, lockTime: NOON + 9e6 }, 'SUPERSEDED'],
  ['no sequence for this lock: never superseded (common area, staff)', { document: { ...doc, keySequences: {} }, storedKeySequence: 5 }, 'GRANTED'],
  ['a sequence for another lock does not count here', { document: { ...doc, keySequences: { [OTHER]: 9 } }, storedKeySequence: 5 }, 'GRANTED'],
  ['sequence 0 below a stored 1', { document: { ...doc, keySequences: { [LOCK]: 0 } }, storedKeySequence: 1 }, 'SUPERSEDED'],
  ['not yet valid', { lockTime: doc.notBefore - 1 }, 'NOT_YET_VALID'],
  ['expired at notAfter', { lockTime: doc.notAfter }, 'EXPIRED'],
  ['outside schedule (Zurich 13:00 ok, but Tokyo 21:00)', { lock: { ...base.lock, timeZone: 'Asia/Tokyo' } }, 'OUTSIDE_SCHEDULE'],
  ['offset zone inside', { lock: { ...base.lock, timeZone: { utcOffsetMinutes: -180 } } }, 'GRANTED'],
  ['offset zone outside', { lock: { ...base.lock, timeZone: { utcOffsetMinutes: -180 - 4 * 60 } } }, 'OUTSIDE_SCHEDULE'],
  ['floors on a door', { command: { op: 'selectFloors', floors: [3] } }, 'FLOOR_NOT_PERMITTED'],
  ['elevator no permitted floor', { lock: { ...base.lock, lockType: LockType.elevator }, command: { op: 'selectFloors', floors: [4] } }, 'FLOOR_NOT_PERMITTED'],
  ['anti-passback', { lock: { ...base.lock, antiPassbackMs: 60_000 }, lastUseAt: NOON - 59_999 }, 'ANTI_PASSBACK'],
  ['anti-passback elapsed', { lock: { ...base.lock, antiPassbackMs: 60_000 }, lastUseAt: NOON - 60_000 }, 'GRANTED'],
  ['daily limit', { document: { ...doc, maxUsesPerDay: 2 }, usesToday: 2 }, 'DAILY_LIMIT_REACHED'],
  ['daily limit not reached', { document: { ...doc, maxUsesPerDay: 2 }, usesToday: 1 }, 'GRANTED'],
];

describe('evaluateAccess', () => {
  it.each(cases)('%s', (_name, patch, expected) => {
    const d = evaluateAccess({ ...base, ...patch });
    expect(d.codeName).toBe(expected);
    expect(d.code).toBe(ResultCode[expected]);
    if (expected !== 'GRANTED') expect(d.grantedFloors).toEqual([]);
  });

  it('elevator grants the intersection, sorted and unique; unlock means all credential floors', () => {
    const lock = { ...base.lock, lockType: LockType.elevator };
    expect(evaluateAccess({ ...base, lock, command: { op: 'selectFloors', floors: [5, 4, 5, 3] } }).grantedFloors).toEqual([3, 5]);
    expect(evaluateAccess({ ...base, lock }).grantedFloors).toEqual([3, 5]);
  });

  it('reports a newer key sequence to store only when granted and newer', () => {
    expect(evaluateAccess({ ...base, storedKeySequence: 2 }).newKeySequence).toBe(4);
    expect(evaluateAccess(base).newKeySequence).toBe(4);
    expect(evaluateAccess({ ...base, storedKeySequence: 4 }).newKeySequence).toBeUndefined();
    expect(evaluateAccess({ ...base, document: { ...doc, keySequences: {} }, storedKeySequence: 4 }).newKeySequence).toBeUndefined();
    expect(evaluateAccess({ ...base, storedKeySequence: 2, lockTime: doc.notAfter }).newKeySequence).toBeUndefined(); // not granted
  });

  it('hotel model: one sequence per lock, whichever grant the document belongs to', () => {
    // The lock's state, as firmware keeps it: the highest sequence granted here.
    let stored: number | undefined;
    const use = (grant: string, sequence: number | undefined) => {
      const d = evaluateAccess({
        ...base,
        document: { ...doc, accessGrantId: grant, keySequences: sequence === undefined ? {} : { [LOCK]: sequence } },
        storedKeySequence: stored,
      });
      if (d.newKeySequence !== undefined) stored = d.newKeySequence;
      return d.codeName;
    };
    expect(use('guest-a', 1)).toBe('GRANTED');
    expect(use('guest-b', 2)).toBe('GRANTED'); // override: first use of the new guest's key
    expect(use('guest-a', 1)).toBe('SUPERSEDED');
    expect(use('joiner-c', 2)).toBe('GRANTED');
    expect(use('guest-b', 2)).toBe('GRANTED');
    expect(use('staff', undefined)).toBe('GRANTED');
    expect(stored).toBe(2);
  });
});
