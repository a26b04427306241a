import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_TIME_SYNC_BACKWARD_MS, timeSyncTarget } from './blobFreshness.js';

// Written from PROTOCOL.md §9's statement of the rule: an honest sync never makes a correct clock
// wrong, it corrects a fast or slow one, and a lying age gains a phone nothing it could not do
// without one.
const TRUE_NOW = Date.UTC(2026, 5, 1, 12, 0);
const MINUTE = 60_000;
const sync = (time: number) => ({ time, keyId: 'p' });
/** An honest phone: the cloud signed at `signedAt`, the phone got it `transitMs` later and counts from then. */
const honest = (signedAt: number, transitMs = 40) => ({ ts: sync(signedAt), age: TRUE_NOW - signedAt - transitMs });

describe('timeSyncTarget (PROTOCOL.md §9)', () => {
  it('a correct lock given an honest sync held 0 s, 30 s or 4 min stays at the true time', () => {
    for (const held of [0, 30_000, 4 * MINUTE]) {
      const { ts, age } = honest(TRUE_NOW - held - 40);
      expect(Math.abs(timeSyncTarget(ts, age, TRUE_NOW) - TRUE_NOW), `held ${held} ms`).toBeLessThanOrEqual(40);
    }
  });

  it('a lock 3 minutes fast is corrected to the true time by a fresh or a minute-old honest sync', () => {
    for (const held of [0, MINUTE]) {
      const { ts, age } = honest(TRUE_NOW - held, 0);
      expect(timeSyncTarget(ts, age, TRUE_NOW + 3 * MINUTE)).toBe(TRUE_NOW);
    }
  });

  it('a slow or unset clock moves forward to the phone estimate; a sync without an age sets its time', () => {
    const { ts, age } = honest(TRUE_NOW - MINUTE, 0);
    expect(timeSyncTarget(ts, age, TRUE_NOW - 3_600_000)).toBe(TRUE_NOW);
    expect(timeSyncTarget(ts, age, undefined)).toBe(TRUE_NOW);
    expect(timeSyncTarget(ts, 0, TRUE_NOW)).toBe(TRUE_NOW - MINUTE);
  });

  it('a claimed age of 0 sets a running clock back no further than the sync time (the rule without ages)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_TIME_SYNC_BACKWARD_MS }), (ahead) => {
        const target = timeSyncTarget(sync(TRUE_NOW), 0, TRUE_NOW + ahead);
        expect(target).toBe(TRUE_NOW);
      }),
    );
  });

  it('any claimed age: never below the sync time or a slower clock, never above max(clock, sync time + 5 min)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -10 * MINUTE, max: MAX_TIME_SYNC_BACKWARD_MS }),
        fc.oneof(fc.integer({ min: 0, max: 0xffff_ffff }), fc.constant(Number.NaN), fc.constant(-1)),
        (offset, claimedAge) => {
          const lockNow = TRUE_NOW + offset;
          const target = timeSyncTarget(sync(TRUE_NOW), claimedAge, lockNow);
          expect(target).toBeGreaterThanOrEqual(TRUE_NOW);
          expect(target).toBeLessThanOrEqual(Math.max(lockNow, TRUE_NOW + MAX_TIME_SYNC_BACKWARD_MS));
          // A running clock at or after the sync time is never moved forward.
          if (lockNow >= TRUE_NOW) expect(target).toBeLessThanOrEqual(lockNow);
        },
      ),
    );
    expect(timeSyncTarget(sync(TRUE_NOW), 0xffff_ffff, TRUE_NOW - 1)).toBe(TRUE_NOW + MAX_TIME_SYNC_BACKWARD_MS);
  });
});
