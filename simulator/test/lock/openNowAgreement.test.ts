/**
 * One calendar (issue 15): the cloud, the lock and the web app agree on "open now" for an
 * entrance's weekly hours, for random schedules, IANA zones (with daylight saving time and
 * half- and quarter-hour offsets) and instants.
 *
 * - The cloud's view: the hours written into a credential document as §6 schedule windows
 *   (toScheduleWindows), encoded and decoded as the lock receives them, judged by protocol's
 *   reference rule (evaluateAccess).
 * - The lock's view: the amenity's provisioned opening hours judged by the lock's own rules
 *   (decideAccess, what LockFirmware runs), with a credential that carries no schedule.
 * - The web app's view: the "open now" hint (isOpenAt, what client/src/web/main.ts shows).
 */
import {
  decodeCredentialBody,
  encodeCredentialBody,
  evaluateAccess,
  isOpenAt,
  LockType,
  ResultCode,
  toScheduleWindows,
  WEEKDAY_NAMES,
  type AccessInput,
  type CredentialDocument,
  type OpeningWindow,
  type WeeklySchedule,
} from '@keyrig/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideAccess } from '../../src/lock/accessRules.js';

const LOCK_ID = '6f1c2a3b-0000-4000-8000-00000000a001';

const ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'America/St_Johns', // -03:30 with DST
  'Asia/Kolkata', // +05:30
  'Asia/Kathmandu', // +05:45
  'Australia/Adelaide', // +09:30 / +10:30, southern DST
  'Australia/Lord_Howe', // a 30-minute DST shift
  'Pacific/Chatham', // +12:45 / +13:45
  'America/Sao_Paulo',
] as const;

/** Daylight saving transitions (UTC) in 2026, where wall-clock hours are most likely to go wrong. */
const TRANSITIONS = [
  Date.UTC(2026, 2, 29, 1), // EU spring
  Date.UTC(2026, 9, 25, 1), // EU autumn
  Date.UTC(2026, 2, 8, 7), // New York spring
  Date.UTC(2026, 10, 1, 6), // New York autumn
  Date.UTC(2026, 3, 4, 16, 30), // Adelaide autumn (03:00 ACDT)
  Date.UTC(2026, 9, 3, 16, 30), // Adelaide spring (02:00 ACST)
  Date.UTC(2026, 3, 4, 15), // Lord Howe autumn
  Date.UTC(2026, 3, 4, 14), // Chatham autumn
];

const hhmm = fc
  .tuple(fc.integer({ min: 0, max: 24 }), fc.constantFrom(0, 15, 30, 45, 59))
  .map(([h, m]) => (h === 24 ? '24:00' : `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`));

const openingWindow: fc.Arbitrary<OpeningWindow> = fc
  .record({
    days: fc.option(fc.subarray([...WEEKDAY_NAMES], { minLength: 1 }), { nil: undefined }),
    from: hhmm,
    to: hhmm,
  })
  .filter((w) => w.from !== w.to) // the property file refuses it (use 00:00-24:00)
  .map((w) => (w.days === undefined ? { from: w.from, to: w.to } : w));

const schedule: fc.Arbitrary<WeeklySchedule> = fc.array(openingWindow, { minLength: 0, maxLength: 4 });

const instant = fc.oneof(
  fc.integer({ min: Date.UTC(2026, 0, 1) / 60_000, max: Date.UTC(2028, 0, 1) / 60_000 }).map((m) => m * 60_000),
  fc.tuple(fc.constantFrom(...TRANSITIONS), fc.integer({ min: -36 * 60, max: 36 * 60 })).map(([t, m]) => t + m * 60_000),
);

function document(hours: WeeklySchedule | null): CredentialDocument {
  const doc: CredentialDocument = {
    credentialId: '00000000-0000-4000-8000-000000000001',
    userIdentityId: 'guest',
    accessGrantId: 'grant',
    endpointPublicKey: new Uint8Array(65).fill(4),
    entrances: [LOCK_ID],
    floors: [],
    notBefore: 0,
    notAfter: Date.UTC(2100, 0, 1),
    schedule: toScheduleWindows(hours),
    keySequences: {},
    issuedAt: 0,
    keyId: 'k1',
  };
  // The lock reads the document from its bytes: only windows §6 can carry survive.
  return decodeCredentialBody(encodeCredentialBody(doc));
}

function input(doc: CredentialDocument, zone: string, time: number): AccessInput {
  return { document: doc, lock: { lockId: LOCK_ID, lockType: LockType.amenity, timeZone: zone }, lockTime: time, command: { op: 'unlock' } };
}

const cloudView = (hours: WeeklySchedule, zone: string, time: number): boolean =>
  evaluateAccess(input(document(hours), zone, time)).code === ResultCode.GRANTED;

const lockView = (hours: WeeklySchedule, zone: string, time: number): boolean =>
  decideAccess(input(document(null), zone, time), { openingHours: hours, timeZone: zone, lockFloors: [], fault: () => false }).code ===
  ResultCode.GRANTED;

const webView = (hours: WeeklySchedule, zone: string, time: number): boolean => isOpenAt(hours, time, zone);

describe('open now: cloud, lock and web app agree', () => {
  it('for random weekly schedules, zones and instants', () => {
    fc.assert(
      fc.property(schedule, fc.constantFrom(...ZONES), instant, (hours, zone, time) => {
        const web = webView(hours, zone, time);
        expect(lockView(hours, zone, time)).toBe(web);
        expect(cloudView(hours, zone, time)).toBe(web);
      }),
      { numRuns: 600 },
    );
  });

  // Hand-computed from PROTOCOL.md §6 and the zone rules, independent of the code.
  const cases: [string, WeeklySchedule, string, number, boolean][] = [
    // Mon–Fri 06:00–22:00 in Berlin; 2026-07-06 is a Monday (CEST, UTC+2): 04:00 UTC = 06:00 local.
    ['weekday gym opens at 06:00 CEST', [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '06:00', to: '22:00' }], 'Europe/Berlin', Date.UTC(2026, 6, 6, 4, 0), true],
    ['weekday gym still closed at 05:59 CEST', [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '06:00', to: '22:00' }], 'Europe/Berlin', Date.UTC(2026, 6, 6, 3, 59), false],
    // Saturday 22:00–02:00 in New York: Sunday 2026-03-08 01:30 EST = 06:30 UTC is in its morning part.
    ['Saturday night bar, Sunday 01:30 EST', [{ days: ['sat'], from: '22:00', to: '02:00' }], 'America/New_York', Date.UTC(2026, 2, 8, 6, 30), true],
    // Sunday 03:00 EDT (07:00 UTC, the clocks jumped from 02:00): the 02:00 end has passed.
    ['Saturday night bar, Sunday 03:00 EDT', [{ days: ['sat'], from: '22:00', to: '02:00' }], 'America/New_York', Date.UTC(2026, 2, 8, 7, 0), false],
    // Kolkata is UTC+05:30 all year: 2026-01-05 (Monday) 03:30 UTC = 09:00 IST.
    ['09:00 opening in Kolkata', [{ days: ['mon'], from: '09:00', to: '24:00' }], 'Asia/Kolkata', Date.UTC(2026, 0, 5, 3, 30), true],
    ['09:00 opening in Kolkata, 08:59 IST', [{ days: ['mon'], from: '09:00', to: '24:00' }], 'Asia/Kolkata', Date.UTC(2026, 0, 5, 3, 29), false],
    // Monday 23:59 IST is open until "24:00"; Tuesday 00:00 IST (18:30 UTC Monday) is not.
    ['"24:00" closes at midnight', [{ days: ['mon'], from: '09:00', to: '24:00' }], 'Asia/Kolkata', Date.UTC(2026, 0, 5, 18, 30), false],
    ['a never-open schedule', [], 'UTC', Date.UTC(2026, 0, 5, 12, 0), false],
  ];
  it.each(cases)('%s', (_name, hours, zone, time, open) => {
    expect(webView(hours, zone, time)).toBe(open);
    expect(lockView(hours, zone, time)).toBe(open);
    expect(cloudView(hours, zone, time)).toBe(open);
  });
});
