/**
 * The access model against hand-computed histories: revocation and the blocklist (CLOUD.md
 * "Revocation and the blocklist", PROTOCOL.md §9, issue #16 rules L1–L3, C3) and the hostile
 * `present` step (§7.7 rows 5–6). Every phone action advances the clock by 1 s before it acts,
 * so "S+n s" below is START + n seconds. Each expected value is derived in the comment above it.
 */
import { describe, expect, it } from 'vitest';
import { checkIn, DAY, history, outcomes, predict, unlock } from './historyKit.js';

describe('access model: revocation reaches locks', () => {
  it('a carrier brings the revocation to the lock: GRANTED before, REVOKED after', () => {
    const h = history([
      ...checkIn('ada', 'g1', ['room101'], 2 * DAY), // S+1 s open ok: doc g1/room101 seq 1, blocklist v0
      { do: 'offline', phone: 'p-ada' },
      { do: 'deleteGrant', grant: 'g1' }, // ada's issued doc revoked: blocklist v1 = {ada's doc}
      unlock('p-ada', 'room101'), // S+2 s: the lock holds v0 (provisioned at start) and cannot know: GRANTED (stores seq 1)
      ...checkIn('bob', 'g2', ['room101'], 2 * DAY, { keyMode: 'joiner' }), // S+3 s: bob joins at seq 1, loads v1
      unlock('p-bob', 'room101'), // S+4 s: v1 > v0 installed; bob's seq 1 = stored 1: GRANTED
      unlock('p-ada', 'room101'), // S+5 s: ada's v0 < v1 is ignored (L1); her doc is on v1: REVOKED
    ]);
    expect(outcomes(h)).toEqual(['ok', 'GRANTED', 'ok', 'GRANTED', 'REVOKED']);
  });

  it('a lock provisioned after the revocation refuses the revoked key (L2, defect 1)', () => {
    const h = history([
      ...checkIn('ada', 'g1', ['room101'], 2 * DAY), // S+1 s ok
      { do: 'offline', phone: 'p-ada' },
      { do: 'deleteGrant', grant: 'g1' }, // v1 = {ada's doc}
      { do: 'provision', entrance: 'room101' }, // the provisioning carries the signed v1 with ada's doc
      unlock('p-ada', 'room101'), // S+2 s: her v0 is older (ignored), the lock's v1 lists her doc: REVOKED
    ]);
    expect(outcomes(h)).toEqual(['ok', 'REVOKED']);
  });

  it('an offline valid guest is still GRANTED after an unrelated revocation (L1, defect 2)', () => {
    const h = history([
      ...checkIn('ada', 'g1', ['room101'], 2 * DAY), // S+1 s ok, blocklist v0
      { do: 'offline', phone: 'p-ada' },
      ...checkIn('cid', 'g3', ['gym'], 2 * DAY), // S+2 s ok: cid's gym doc issued
      { do: 'deleteGrant', grant: 'g3' }, // v1 = {cid's gym doc}
      ...checkIn('bob', 'g2', ['room101'], 2 * DAY, { keyMode: 'joiner' }), // S+3 s ok: bob carries v1, seq 1
      unlock('p-bob', 'room101'), // S+4 s: v1 installed, GRANTED
      unlock('p-ada', 'room101'), // S+5 s: ada's v0 is stale and ignored, no STALE_BLOB; not on v1, seq 1 = 1: GRANTED
    ]);
    expect(outcomes(h)).toEqual(['ok', 'ok', 'ok', 'GRANTED', 'GRANTED']);
  });

  it('a revoked session: REVOKED on the normal app path once the lock knows, 401 on reload (L3, C3)', () => {
    const h = history([
      ...checkIn('ada', 'g1', ['room101'], 2 * DAY), // S+1 s ok
      ...checkIn('bob', 'g2', ['room101'], 2 * DAY, { keyMode: 'joiner' }), // S+2 s ok (v0)
      { do: 'revokeSession', phone: 'p-ada' }, // ada's device documents: v1
      { do: 'reload', phone: 'p-bob' }, // S+3 s ok: bob now holds v1
      unlock('p-bob', 'room101'), // S+4 s: v1 installed, GRANTED
      unlock('p-ada', 'room101'), // S+5 s: ada's wallet is 4 s old (no reload), her v0 ignored: REVOKED
      { do: 'reload', phone: 'p-ada' }, // S+6 s: a revoked token is 401 unauthorized (C3)
    ]);
    expect(outcomes(h)).toEqual(['ok', 'ok', 'ok', 'GRANTED', 'REVOKED', 'unauthorized']);
  });

  it('dropping an entrance revokes only that entrance; a reload no longer holds it', () => {
    const h = history([
      ...checkIn('ada', 'g1', ['room101', 'gym'], 2 * DAY), // S+1 s ok: two docs (Monday 12:00 CEST, gym open)
      { do: 'offline', phone: 'p-ada' },
      { do: 'updateGrant', grant: 'g1', entrances: ['room101'] }, // the gym doc is revoked: v1
      { do: 'provision', entrance: 'gym' }, // the gym lock gets v1
      unlock('p-ada', 'gym'), // S+2 s: REVOKED
      unlock('p-ada', 'room101'), // S+3 s: the room doc is still covered (not revoked): GRANTED
      { do: 'online', phone: 'p-ada' },
      { do: 'reload', phone: 'p-ada' }, // S+4 s ok: only the room doc
      unlock('p-ada', 'gym'), // S+5 s: nothing held for the gym
    ]);
    expect(outcomes(h)).toEqual(['ok', 'REVOKED', 'GRANTED', 'ok', 'NO_CREDENTIAL']);
  });

  it('an extension revokes nothing, a shortening revokes every issued document past the new end', () => {
    const h = history([
      { do: 'guest', guest: 'ada' },
      { do: 'grant', grant: 'g1', guest: 'ada', entrances: ['room101'], startsInMs: 0, durationMs: 2 * DAY },
      { do: 'instantKey', key: 'k', guest: 'ada', maxUseCount: 2 },
      { do: 'phone', phone: 'p1' },
      { do: 'phone', phone: 'p2' },
      { do: 'open', phone: 'p1', key: 'k' }, // S+1 s ok: doc A (ends S+2 d)
      { do: 'open', phone: 'p2', key: 'k' }, // S+2 s ok: doc B (ends S+2 d), second device of 2
      { do: 'offline', phone: 'p2' },
      { do: 'updateGrant', grant: 'g1', endsInMs: 3 * DAY }, // extension: nothing revoked, still v0
      { do: 'provision', entrance: 'room101' },
      unlock('p2', 'room101'), // S+3 s: doc B valid in its own window, not revoked: GRANTED
      { do: 'updateGrant', grant: 'g1', endsInMs: 1 * DAY }, // shortening: A and B (end S+2 d > new end) revoked: v1
      { do: 'provision', entrance: 'room101' },
      unlock('p2', 'room101'), // S+4 s: REVOKED
      unlock('p1', 'room101'), // S+5 s: p1's wallet is 4 s old, still doc A: REVOKED
      { do: 'reload', phone: 'p1' }, // S+6 s ok: a new doc ending S+3 s + 1 d (the key followed the grant)
      unlock('p1', 'room101'), // S+7 s: GRANTED
    ]);
    expect(outcomes(h)).toEqual(['ok', 'ok', 'GRANTED', 'REVOKED', 'REVOKED', 'ok', 'GRANTED']);
  });

  it('deleting the identity revokes its documents and its key', () => {
    const h = history([
      ...checkIn('ada', 'g1', ['room101'], 2 * DAY), // S+1 s ok
      { do: 'deleteGuest', guest: 'ada' }, // v1; the key is deleted
      { do: 'reload', phone: 'p-ada' }, // S+2 s: 401
      { do: 'open', phone: 'p-ada', key: 'k-ada' }, // S+3 s: a deleted link is 401
      { do: 'provision', entrance: 'room101' },
      unlock('p-ada', 'room101'), // S+4 s: the reload failed, she still holds the doc; the lock has v1: REVOKED
    ]);
    expect(outcomes(h)).toEqual(['ok', 'unauthorized', 'unauthorized', 'REVOKED']);
  });

  it('deleting an instant key blocklists its devices and refuses its sessions', () => {
    const h = history([
      ...checkIn('ada', 'g1', ['room101'], 2 * DAY), // S+1 s ok
      { do: 'deleteKey', key: 'k-ada' },
      { do: 'reload', phone: 'p-ada' }, // S+2 s: 401
      { do: 'provision', entrance: 'room101' },
      unlock('p-ada', 'room101'), // S+3 s: REVOKED
    ]);
    expect(outcomes(h)).toEqual(['ok', 'unauthorized', 'REVOKED']);
  });
});

describe('access model: the hostile present step', () => {
  it('the lock checks scope: WRONG_LOCK; nothing held: NO_CREDENTIAL', () => {
    const h = history([
      ...checkIn('ada', 'g1', ['room101', 'gym'], 2 * DAY), // S+1 s ok
      { do: 'present', phone: 'p-ada', entrance: 'room102', document: 'room101' }, // S+2 s: row 6 WRONG_LOCK
      { do: 'present', phone: 'p-ada', entrance: 'room101', document: 'gym' }, // S+3 s: WRONG_LOCK
      { do: 'present', phone: 'p-ada', entrance: 'room101', document: 'elevator' }, // S+4 s: no elevator doc
    ]);
    const p = predict(h);
    expect(p.filter((x) => x.outcome !== null).map((x) => x.outcome)).toEqual(['ok', 'WRONG_LOCK', 'WRONG_LOCK', 'NO_CREDENTIAL']);
    expect(p[5]!.why).toContain('room102');
  });

  it('an unset clock answers CLOCK_UNSET before scope (§7.7 row 5 before row 6)', () => {
    const h = history(
      [
        ...checkIn('ada', 'g1', ['room101'], 2 * DAY),
        { do: 'present', phone: 'p-ada', entrance: 'room102', document: 'room101' }, // S+2 s: no time sync with present: CLOCK_UNSET
      ],
      { room102: { clockUnset: true } },
    );
    expect(outcomes(h)).toEqual(['ok', 'CLOCK_UNSET']);
  });
});

describe('access model: a broken history is an error, not an outcome', () => {
  it('names the unknown or repeated handle', () => {
    expect(() => predict(history([{ do: 'deleteGrant', grant: 'nope' }]))).toThrow(/unknown grant "nope"/);
    expect(() => predict(history([{ do: 'reload', phone: 'p9' }]))).toThrow(/unknown phone "p9"/);
    expect(() => predict(history([{ do: 'guest', guest: 'ada' }, { do: 'guest', guest: 'ada' }]))).toThrow(/guest "ada" twice/);
  });

  it('a step the cloud refuses changes nothing: a key for a deleted guest is an unknown link', () => {
    const h = history([
      { do: 'guest', guest: 'ada' },
      { do: 'deleteGuest', guest: 'ada' },
      { do: 'instantKey', key: 'k', guest: 'ada' }, // 404: no key
      { do: 'phone', phone: 'p' },
      { do: 'open', phone: 'p', key: 'k' }, // 401
    ]);
    expect(outcomes(h)).toEqual(['unauthorized']);
  });
});
