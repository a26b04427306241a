/**
 * The access model against hand-computed histories: the lock's clock and time syncs (PROTOCOL.md
 * §9 "Where the clock goes", CLIENT.md "Carrying blobs"), opening hours across a DST change,
 * elevator floors, anti-passback and the daily limit (§7.7, LOCK.md). "S+n s" = the history's
 * start + n seconds; every phone action adds 1 s before it acts.
 */
import { describe, expect, it } from 'vitest';
import { checkIn, DAY, history, HOUR, MIN, outcomes, SEC, travel, unlock } from './historyKit.js';

describe('access model: the lock clock', () => {
  it('a slow lock is set to the sync time plus its age, not to the signing time', () => {
    // room101 10 min slow. g1 starts at S+3 min. The sync is signed at S+1 s (open) and carried at S+242 s,
    // age 241 s: L = S+242 s − 600 s < T → E = T + 241 s = S+242 s (the true time) ≥ not-before: GRANTED.
    // (Set to T = S+1 s the lock would answer NOT_YET_VALID.)
    const h = history(
      [...checkIn('ada', 'g1', ['room101'], 1 * DAY, { startsInMs: 3 * MIN }), travel(4 * MIN), unlock('p-ada', 'room101')],
      { room101: { offsetMs: -10 * MIN } },
    );
    expect(outcomes(h)).toEqual(['ok', 'GRANTED']);
  });

  it('the claimed age counts at most 5 minutes; a carried sync is not offered again', () => {
    // room101 20 min slow, g1 from S+310 s. Sync T = S+1 s carried at S+542 s with age 541 s, capped at 300 s:
    // clock → S+301 s (241 s slow) < S+310 s: NOT_YET_VALID. At S+543 s the sync is not carried again: lock S+302 s,
    // NOT_YET_VALID. The reload at S+544 s signs T2 = S+544 s; at S+545 s, age 1 s, L = S+304 s < T2 → T2 + 1 s = the
    // true time: GRANTED.
    const h = history(
      [
        ...checkIn('ada', 'g1', ['room101'], 1 * DAY, { startsInMs: 310 * SEC }),
        travel(540 * SEC),
        unlock('p-ada', 'room101'),
        unlock('p-ada', 'room101'),
        { do: 'reload', phone: 'p-ada' },
        unlock('p-ada', 'room101'),
      ],
      { room101: { offsetMs: -20 * MIN } },
    );
    expect(outcomes(h)).toEqual(['ok', 'NOT_YET_VALID', 'NOT_YET_VALID', 'ok', 'GRANTED']);
  });

  it('a re-provisioned lock starts exact: its setup offset is the error of the old installation', () => {
    // room101 10 min slow, g1 from S+300 s. At S+302 s the sync (T = S+1 s, age 301 s → 300 s) sets the clock to
    // S+301 s: GRANTED. Re-provisioning sets the true time (MODEL.md 3), not the setup's −10 min again, so at
    // S+303 s (lock S+303 s ≥ not-before, the sync not carried again) it is GRANTED; with the offset re-applied it
    // would be S−297 s: NOT_YET_VALID.
    const h = history(
      [
        ...checkIn('ada', 'g1', ['room101'], 1 * DAY, { startsInMs: 300 * SEC }),
        travel(300 * SEC),
        unlock('p-ada', 'room101'),
        { do: 'provision', entrance: 'room101' },
        unlock('p-ada', 'room101'),
      ],
      { room101: { offsetMs: -10 * MIN } },
    );
    expect(outcomes(h)).toEqual(['ok', 'GRANTED', 'GRANTED']);
  });

  it('an honest sync held for minutes never turns a correct clock back (defect 5)', () => {
    // g1 ends at S+242.5 s. The sync T = S+1 s is carried at S+243 s with age 242 s: L = S+243 s, T ≤ L ≤ T+5 min
    // → min(L, T+242 s) = L, unchanged: EXPIRED. (Set to T the guest would be GRANTED after checkout.)
    const h = history([...checkIn('ada', 'g1', ['room101'], 242_500), travel(241 * SEC), unlock('p-ada', 'room101')]);
    expect(outcomes(h)).toEqual(['ok', 'EXPIRED']);
  });

  it('drift: a fast lock refuses before the end until a fresh sync corrects it', () => {
    // room101 +100 ppm. g1 [S, S+10 d). Offline, the phone arrives at S+10 d−60 s: lock ahead by
    // (10 d − 60 s) × 10⁻⁴ = 86.394 s → past the end: EXPIRED (old wallet, offline: no reload; its sync is
    // 10 d old: not carried). Online at S+10 d−59 s: reload, sync T = now, age 0, L − T ≈ 86 s ≤ 5 min →
    // min(L, T) = T, the true time: GRANTED.
    const h = history(
      [
        ...checkIn('ada', 'g1', ['room101'], 10 * DAY),
        { do: 'offline', phone: 'p-ada' },
        travel(10 * DAY - 62 * SEC),
        unlock('p-ada', 'room101'),
        { do: 'online', phone: 'p-ada' },
        unlock('p-ada', 'room101'),
      ],
      { room101: { driftPpm: 100 } },
    );
    expect(outcomes(h)).toEqual(['ok', 'EXPIRED', 'GRANTED']);
  });

  it('a lock more than 5 minutes fast is not set back by a sync (§9 consequence)', () => {
    // +6 min; g1 [S, S+1 h). At S+55 min+2 s the reload's sync is 6 min behind the lock: ignored; lock S+61 min: EXPIRED
    const h = history([...checkIn('ada', 'g1', ['room101'], 1 * HOUR), travel(55 * MIN), unlock('p-ada', 'room101')], { room101: { offsetMs: 6 * MIN } });
    expect(outcomes(h)).toEqual(['ok', 'EXPIRED']);
  });

  it('an unset clock answers CLOCK_UNSET until a fresh sync (or a provisioning) sets it', () => {
    // gym unset. Offline for 20 min: the sync is 20 min old (not carried) → CLOCK_UNSET. Online: reload, fresh sync,
    // the unset clock takes E = T: Monday 12:20 CEST, open: GRANTED.
    const h = history(
      [
        ...checkIn('ada', 'g1', ['gym'], 2 * DAY),
        { do: 'offline', phone: 'p-ada' },
        travel(20 * MIN),
        unlock('p-ada', 'gym'),
        { do: 'online', phone: 'p-ada' },
        unlock('p-ada', 'gym'),
      ],
      { gym: { clockUnset: true } },
    );
    expect(outcomes(h)).toEqual(['ok', 'CLOCK_UNSET', 'GRANTED']);
    // present carries no time sync: CLOCK_UNSET; a provision step sets the clock: GRANTED
    const p = history(
      [
        ...checkIn('ada', 'g1', ['gym'], 2 * DAY),
        { do: 'present', phone: 'p-ada', entrance: 'gym', document: 'gym' },
        { do: 'provision', entrance: 'gym' },
        { do: 'present', phone: 'p-ada', entrance: 'gym', document: 'gym' },
      ],
      { gym: { clockUnset: true } },
    );
    expect(outcomes(p)).toEqual(['ok', 'CLOCK_UNSET', 'GRANTED']);
  });
});

describe('access model: schedule, floors, anti-passback, daily limit', () => {
  it('gym hours 06:00–22:00 across the spring DST change in Europe/Berlin', () => {
    // S = Sat 2026-03-28 04:30 UTC = 05:30 CET. On Sunday 29 March clocks go 02:00 → 03:00 (CEST, UTC+2).
    const start = Date.UTC(2026, 2, 28, 4, 30, 0);
    const h = history(
      [
        ...checkIn('ada', 'g1', ['gym'], 3 * DAY), // S+1 s
        unlock('p-ada', 'gym'), // Sat 04:30:02Z = 05:30 CET: OUTSIDE_SCHEDULE
        travel(16 * HOUR),
        unlock('p-ada', 'gym'), // Sat 20:30:03Z = 21:30 CET: GRANTED
        travel(8 * HOUR),
        unlock('p-ada', 'gym'), // Sun 04:30:04Z = 06:30 CEST: GRANTED (the same UTC time was closed on Saturday)
        travel(16 * HOUR),
        unlock('p-ada', 'gym'), // Sun 20:30:05Z = 22:30 CEST: OUTSIDE_SCHEDULE (open on Saturday at 20:30Z)
      ],
      {},
      start,
    );
    expect(outcomes(h)).toEqual(['ok', 'OUTSIDE_SCHEDULE', 'GRANTED', 'GRANTED', 'OUTSIDE_SCHEDULE']);
  });

  it('elevator floors: requested ∩ document floors, none left: FLOOR_NOT_PERMITTED', () => {
    const h = history([
      ...checkIn('ada', 'g1', ['elevator'], 2 * DAY, { floors: [3] }),
      unlock('p-ada', 'elevator'), // every floor of the document: [3]: GRANTED
      unlock('p-ada', 'elevator', [4]), // [4] ∩ [3] = ∅
      unlock('p-ada', 'elevator', [3, 4]), // [3]: GRANTED
      unlock('p-ada', 'elevator', [6]), // ∅
      ...checkIn('bob', 'g2', ['elevator'], 2 * DAY), // floors omitted: all 1–5
      unlock('p-bob', 'elevator', [5]), // GRANTED
    ]);
    expect(outcomes(h)).toEqual(['ok', 'GRANTED', 'FLOOR_NOT_PERMITTED', 'GRANTED', 'FLOOR_NOT_PERMITTED', 'ok', 'GRANTED']);
  });

  it('anti-passback: the same credential within the window is refused, another is not', () => {
    const h = history(
      [
        ...checkIn('ada', 'g1', ['gym'], 2 * DAY), // S+1 s
        unlock('p-ada', 'gym'), // S+2 s GRANTED (last grant S+2 s)
        unlock('p-ada', 'gym'), // S+3 s: 1 s < 60 s: ANTI_PASSBACK (a denial does not move the last grant)
        ...checkIn('bob', 'g2', ['gym'], 2 * DAY), // S+4 s
        unlock('p-bob', 'gym'), // S+5 s: another credential: GRANTED
        travel(56 * SEC),
        unlock('p-ada', 'gym'), // S+62 s: 60 s, not < 60 s: GRANTED
        unlock('p-ada', 'gym'), // S+63 s: ANTI_PASSBACK
      ],
      { gym: { antiPassbackMs: 60 * SEC } },
    );
    expect(outcomes(h)).toEqual(['ok', 'GRANTED', 'ANTI_PASSBACK', 'ok', 'GRANTED', 'GRANTED', 'ANTI_PASSBACK']);
  });

  it('daily limit: granted uses per credential per lock-local day', () => {
    const h = history(
      [
        ...checkIn('ada', 'g1', ['gym'], 3 * DAY), // Monday 12:00 CEST
        unlock('p-ada', 'gym'), // 1: GRANTED
        unlock('p-ada', 'gym'), // 2: GRANTED
        unlock('p-ada', 'gym'), // uses today 2 ≥ 2: DAILY_LIMIT_REACHED (not counted)
        travel(12 * HOUR), // Tuesday 00:00:04 CEST: the gym is closed
        unlock('p-ada', 'gym'), // OUTSIDE_SCHEDULE comes first (§7.7 row 11 before 14)
        travel(8 * HOUR), // Tuesday 08:00 CEST: a new local day, same credential (grant unchanged)
        unlock('p-ada', 'gym'), // GRANTED
      ],
      { gym: { maxUsesPerDay: 2 } },
    );
    expect(outcomes(h)).toEqual(['ok', 'GRANTED', 'GRANTED', 'DAILY_LIMIT_REACHED', 'OUTSIDE_SCHEDULE', 'GRANTED']);
  });
});
