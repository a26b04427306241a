/**
 * Hand-written histories with outcomes computed by hand from the docs (not from the code): they
 * test the rig runner's plumbing independently of the access model.
 */
import type { History, HistoryLock, HistoryStep, StepOutcome } from '../../src/model/history.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const plain: HistoryLock = { driftPpm: 0, offsetMs: 0, antiPassbackMs: 0 };
/** Monday 2026-06-01 13:00 UTC = 15:00 in Berlin (summer time, UTC+2). */
const START = Date.UTC(2026, 5, 1, 13, 0, 0);
const setup = { start: START, locks: { room101: plain, room102: plain, elevator: plain, gym: plain } };

/** A guest with a two-day stay on room 101 and the gym, a key, a phone that opened it. */
const checkIn: HistoryStep[] = [
  { do: 'guest', guest: 'g1' },
  { do: 'grant', grant: 'a1', guest: 'g1', entrances: ['room101', 'gym'], startsInMs: 0, durationMs: 2 * DAY },
  { do: 'instantKey', key: 'k1', guest: 'g1' },
  { do: 'phone', phone: 'p1' },
  { do: 'open', phone: 'p1', key: 'k1' },
];
const checkInOutcomes: StepOutcome[] = [null, null, null, null, 'ok'];

export interface HandHistory {
  readonly title: string;
  readonly history: History;
  readonly expected: StepOutcome[];
}

export const HAND_HISTORIES: readonly HandHistory[] = [
  {
    title: 'a guest with a current stay opens the room; the other room is not theirs',
    history: { setup, steps: [...checkIn, { do: 'unlock', phone: 'p1', entrance: 'room101' }, { do: 'unlock', phone: 'p1', entrance: 'room102' }] },
    expected: [...checkInOutcomes, 'GRANTED', 'NO_CREDENTIAL'],
  },
  {
    // Offline, the phone keeps the document it holds; three days later the stay has ended: the lock says EXPIRED.
    title: 'an offline phone three days later, past check-out, gets EXPIRED',
    history: { setup, steps: [...checkIn, { do: 'offline', phone: 'p1' }, { do: 'travel', ms: 3 * DAY }, { do: 'reload', phone: 'p1' }, { do: 'unlock', phone: 'p1', entrance: 'room101' }] },
    expected: [...checkInOutcomes, null, null, 'offline', 'EXPIRED'],
  },
  {
    // 13:00:01 UTC + 8 h + 1 s = 21:00:02 UTC = 23:00 in Berlin: the gym (06:00–22:00) is closed.
    title: 'the gym at 23:00 local time is outside its hours',
    history: { setup, steps: [...checkIn, { do: 'travel', ms: 8 * HOUR }, { do: 'unlock', phone: 'p1', entrance: 'gym' }] },
    expected: [...checkInOutcomes, null, 'OUTSIDE_SCHEDULE'],
  },
  {
    title: "room 101's document presented at room 102 is the wrong lock",
    history: { setup, steps: [...checkIn, { do: 'present', phone: 'p1', entrance: 'room102', document: 'room101' }] },
    expected: [...checkInOutcomes, 'WRONG_LOCK'],
  },
  {
    // The phone loses its network: a reload fails like fetch without a network; back online it loads again.
    title: 'an offline phone cannot reload; back online it can',
    history: { setup, steps: [...checkIn, { do: 'offline', phone: 'p1' }, { do: 'reload', phone: 'p1' }, { do: 'online', phone: 'p1' }, { do: 'reload', phone: 'p1' }] },
    expected: [...checkInOutcomes, null, 'offline', null, 'ok'],
  },
  {
    // A lock whose RTC starts unset refuses (no time sync is carried by 'present'); provisioned, its clock is set.
    title: 'a lock with an unset clock refuses until it is re-provisioned',
    history: {
      setup: { ...setup, locks: { ...setup.locks, room101: { ...plain, clockUnset: true } } },
      steps: [
        ...checkIn,
        { do: 'present', phone: 'p1', entrance: 'room101', document: 'room101' },
        { do: 'provision', entrance: 'room101' },
        { do: 'present', phone: 'p1', entrance: 'room101', document: 'room101' },
      ],
    },
    expected: [...checkInOutcomes, 'CLOCK_UNSET', null, 'GRANTED'],
  },
  {
    // A phone that never opened a key holds nothing: NO_CREDENTIAL without asking the lock.
    title: 'a phone without a key has no credential',
    history: { setup, steps: [...checkIn, { do: 'phone', phone: 'p2' }, { do: 'unlock', phone: 'p2', entrance: 'room101' }] },
    expected: [...checkInOutcomes, null, 'NO_CREDENTIAL'],
  },
];
