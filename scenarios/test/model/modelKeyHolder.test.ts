/**
 * The access model against hand-computed histories: the phone's document choice and retries
 * (issue #16 P1–P3, CLIENT.md), key sequences (PROTOCOL.md §6, CLOUD.md "Key sequences") and
 * instant keys (CLOUD.md Expiry, C1–C3). "S+n s" = START + n seconds; every phone action adds 1 s.
 */
import { describe, expect, it } from 'vitest';
import { predictHistory } from '../../src/model/accessModel.js';
import { checkIn, DAY, history, HOUR, MIN, outcomes, SEC, travel, unlock } from './historyKit.js';

describe('access model: which document the phone presents', () => {
  it('a future stay booked: the document valid now is presented (P1, defect 4)', () => {
    const h = history([
      ...checkIn('ada', 'g1', ['room101'], 1 * DAY), // seq 1; S+1 s open ok
      // g2 is created while the key is valid, so the key covers it (C1)
      { do: 'grant', grant: 'g2', guest: 'ada', entrances: ['room101'], startsInMs: 3 * DAY, durationMs: 2 * DAY }, // override: seq 2
      { do: 'reload', phone: 'p-ada' }, // S+2 s ok: docs g1 (seq 1, valid now) and g2 (seq 2, from S+3 d)
      unlock('p-ada', 'room101'), // S+3 s: only g1 is valid at the phone's time: GRANTED (a seq-2 doc would be NOT_YET_VALID)
      travel(3 * DAY), // S+3 d+3 s
      unlock('p-ada', 'room101'), // S+3 d+4 s: wallet old → reload: g1 ended, g2 valid, seq 2 > stored 1: GRANTED
    ]);
    expect(outcomes(h)).toEqual(['ok', 'ok', 'GRANTED', 'GRANTED']);
  });

  it('the lock\'s time makes another held document the choice: one reconnection (P2)', () => {
    const h = history(
      [
        ...checkIn('ada', 'g1', ['room101'], 1 * HOUR), // seq 1, [S, S+1 h); S+1 s open ok
        { do: 'grant', grant: 'g2', guest: 'ada', entrances: ['room101'], startsInMs: 1 * HOUR, durationMs: 1 * DAY, keyMode: 'joiner' }, // seq 1, [S+1 h, …)
        travel(55 * MIN),
        // S+55 min+2 s: wallet 55 min old → reload (g1 still current); the new time sync says T = now but the lock
        // reads now + 10 min: 10 min > 5 min behind → ignored (§9 rule 3). The phone picks g1 (valid at its time),
        // the lock reads S+65 min+2 s ≥ g1's not-after: EXPIRED; at that lock time g2 is the P1 choice → reconnect: GRANTED.
        unlock('p-ada', 'room101'),
      ],
      { room101: { offsetMs: 10 * MIN } },
    );
    expect(outcomes(h)).toEqual(['ok', 'GRANTED']);
  });

  it('SUPERSEDED: reload and retry once when the reload brings another document (P3)', () => {
    const steps = [
      { do: 'guest', guest: 'ada' },
      { do: 'grant', grant: 'g1', guest: 'ada', entrances: ['room101'], startsInMs: 0, durationMs: 2 * DAY }, // seq 1
      { do: 'instantKey', key: 'k', guest: 'ada', maxUseCount: 2 },
      { do: 'phone', phone: 'p1' },
      { do: 'phone', phone: 'p2' },
      { do: 'open', phone: 'p1', key: 'k' }, // S+1 s ok: g1 only
      { do: 'grant', grant: 'g2', guest: 'ada', entrances: ['room101'], startsInMs: 0, durationMs: 2 * DAY }, // override: seq 2
      { do: 'open', phone: 'p2', key: 'k' }, // S+2 s ok: g1 (seq 1) and g2 (seq 2)
      unlock('p2', 'room101'), // S+3 s: highest seq first → g2: GRANTED, the lock stores 2
    ] as const;
    // S+4 s: p1 presents g1: SUPERSEDED (1 < 2) → reload ok, now g2 is the choice → retry: GRANTED
    expect(outcomes(history([...steps, unlock('p1', 'room101')]))).toEqual(['ok', 'ok', 'GRANTED', 'GRANTED']);
    // offline: the reload fails, the choice is unchanged → one SUPERSEDED, no second attempt
    expect(outcomes(history([...steps, { do: 'offline', phone: 'p1' }, unlock('p1', 'room101')]))).toEqual(['ok', 'ok', 'GRANTED', 'SUPERSEDED']);
  });

  it('override supersedes every earlier key, a joiner opens alongside; common areas carry no sequence', () => {
    const h = history([
      ...checkIn('ada', 'g1', ['room101', 'elevator'], 2 * DAY), // override: seq 1; S+1 s
      unlock('p-ada', 'room101'), // S+2 s: nothing stored yet: GRANTED, stores 1
      ...checkIn('bob', 'g2', ['room101'], 2 * DAY, { keyMode: 'joiner' }), // joiner: seq 1; S+3 s
      unlock('p-bob', 'room101'), // S+4 s: equal: GRANTED
      ...checkIn('cid', 'g3', ['room101'], 2 * DAY), // override: seq 2; S+5 s
      unlock('p-cid', 'room101'), // S+6 s: higher: GRANTED, stores 2
      unlock('p-ada', 'room101'), // S+7 s: 1 < 2 SUPERSEDED; the reload brings the same g1 doc: no retry
      unlock('p-bob', 'room101'), // S+8 s: SUPERSEDED
      unlock('p-ada', 'elevator'), // S+9 s: no sequence at the elevator: GRANTED
    ]);
    expect(outcomes(h)).toEqual(['ok', 'GRANTED', 'ok', 'GRANTED', 'ok', 'GRANTED', 'SUPERSEDED', 'SUPERSEDED', 'GRANTED']);
  });

  it('every phone action takes 1 s before it acts: a 2 s stay is over at the first unlock', () => {
    // open at S+1 s, unlock at S+2 s: lock time S+2000 ≥ not-after S+2000 → EXPIRED; 1 ms more → GRANTED
    expect(outcomes(history([...checkIn('ada', 'g1', ['room101'], 2 * SEC), unlock('p-ada', 'room101')]))).toEqual(['ok', 'EXPIRED']);
    expect(outcomes(history([...checkIn('ada', 'g1', ['room101'], 2 * SEC + 1), unlock('p-ada', 'room101')]))).toEqual(['ok', 'GRANTED']);
    // a 1 s stay: the key expires with it (S+1 s) and the open at S+1 s is refused
    expect(outcomes(history(checkIn('ada', 'g1', ['room101'], 1 * SEC)))).toEqual(['instant_key_expired']);
  });
});

describe('access model: instant keys', () => {
  it('an extension made after the key expired reaches the phone on reload (C1, defect 6)', () => {
    const h = history([
      ...checkIn('ada', 'g1', ['room101'], 1 * DAY), // key expires with g1 at S+1 d; S+1 s ok
      travel(1 * DAY + 1 * HOUR),
      { do: 'reload', phone: 'p-ada' }, // S+1 d+1 h+2 s: 403 instant_key_expired (C3)
      unlock('p-ada', 'room101'), // +3 s: the reload fails, the old doc is presented: EXPIRED (no other doc: no P2)
      { do: 'updateGrant', grant: 'g1', endsInMs: 2 * DAY }, // the covered grant is extended: the key's expiry follows
      { do: 'reload', phone: 'p-ada' }, // +4 s ok: a new doc to S+3 d+1 h+3 s
      unlock('p-ada', 'room101'), // +5 s: GRANTED
    ]);
    expect(outcomes(h)).toEqual(['ok', 'instant_key_expired', 'EXPIRED', 'ok', 'GRANTED']);
  });

  it('a grant created after the key expired does not revive it; one created before moves its expiry', () => {
    const late = history([
      ...checkIn('ada', 'g1', ['room101'], 1 * DAY), // S+1 s ok
      travel(1 * DAY + 1 * HOUR),
      { do: 'grant', grant: 'g2', guest: 'ada', entrances: ['room101'], startsInMs: 0, durationMs: 2 * DAY }, // not covered
      { do: 'reload', phone: 'p-ada' }, // 403
      { do: 'open', phone: 'p-ada', key: 'k-ada' }, // 403
    ]);
    expect(outcomes(late)).toEqual(['ok', 'instant_key_expired', 'instant_key_expired']);
    const early = history([
      ...checkIn('ada', 'g1', ['room101'], 1 * DAY), // S+1 s ok
      { do: 'grant', grant: 'g2', guest: 'ada', entrances: ['room102'], startsInMs: 0, durationMs: 3 * DAY }, // covered: expiry S+3 d
      travel(2 * DAY),
      unlock('p-ada', 'room102'), // S+2 d+2 s: wallet old → reload ok (g1 ended: only g2): GRANTED
      unlock('p-ada', 'room101'), // +3 s: g1 is no longer held
    ]);
    expect(outcomes(early)).toEqual(['ok', 'GRANTED', 'NO_CREDENTIAL']);
  });

  it('default max_use_count: the largest among grants not ended (C2); the same device again is free', () => {
    const h = history([
      { do: 'guest', guest: 'ada' },
      { do: 'grant', grant: 'g0', guest: 'ada', entrances: ['room101'], startsInMs: 0, durationMs: 1 * HOUR, maxUseCount: 5 },
      travel(2 * HOUR), // g0 has ended
      { do: 'grant', grant: 'g1', guest: 'ada', entrances: ['room101'], startsInMs: 0, durationMs: 1 * DAY, maxUseCount: 2 },
      { do: 'instantKey', key: 'k', guest: 'ada' }, // default: max(2) = 2 (g0's 5 does not count)
      { do: 'phone', phone: 'p1' },
      { do: 'phone', phone: 'p2' },
      { do: 'phone', phone: 'p3' },
      { do: 'open', phone: 'p1', key: 'k' }, // ok, 1 of 2
      { do: 'open', phone: 'p2', key: 'k' }, // ok, 2 of 2
      { do: 'open', phone: 'p3', key: 'k' }, // 403 max_use_count_reached
      { do: 'open', phone: 'p1', key: 'k' }, // the same device key again: ok
      { do: 'instantKey', key: 'k1', guest: 'ada', maxUseCount: 1 }, // explicit
      { do: 'open', phone: 'p3', key: 'k1' }, // ok
      { do: 'open', phone: 'p2', key: 'k1' }, // 403
    ]);
    expect(outcomes(h)).toEqual(['ok', 'ok', 'max_use_count_reached', 'ok', 'ok', 'max_use_count_reached']);
  });

  it('no grant with a max use count: default 1; offline phones answer offline', () => {
    const h = history([
      ...checkIn('ada', 'g1', ['room101'], 1 * DAY), // S+1 s ok (p-ada uses the only device)
      { do: 'phone', phone: 'p2' },
      { do: 'open', phone: 'p2', key: 'k-ada' }, // 403
      { do: 'offline', phone: 'p-ada' },
      { do: 'reload', phone: 'p-ada' }, // offline
      { do: 'online', phone: 'p-ada' },
      { do: 'reload', phone: 'p-ada' }, // ok
    ]);
    expect(outcomes(h)).toEqual(['ok', 'max_use_count_reached', 'offline', 'ok']);
  });
});

describe('access model: purity', () => {
  it('is deterministic and leaves the history untouched', () => {
    const steps = [...checkIn('ada', 'g1', ['room101', 'gym'], 2 * DAY), unlock('p-ada', 'gym'), travel(13 * HOUR), unlock('p-ada', 'gym')];
    const h = history(steps);
    const before = JSON.stringify(h);
    const first = predictHistory(h);
    expect(predictHistory(h)).toEqual(first);
    expect(JSON.stringify(h)).toBe(before);
    // 12:00:02 CEST open; 01:00:03 CEST the next night: closed
    expect(first.map((p) => p.outcome)).toEqual([null, null, null, null, 'ok', 'GRANTED', null, 'OUTSIDE_SCHEDULE']);
    expect(first[5]!.why).toMatch(/gym: doc\d+ \(g1\).*GRANTED/);
  });
});
