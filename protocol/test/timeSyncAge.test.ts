/**
 * The time sync age (PHONE_AUTH tag 0x05, PROTOCOL.md §9) through real sessions: the phone says how
 * long it has held its sync, so an honest sync never sets a correct lock clock back by its age,
 * still corrects a fast clock, and a lying age cannot reopen an expired key.
 */
import { describe, expect, it } from 'vitest';
import { MAX_TIME_SYNC_BACKWARD_MS } from '../src/blobs/blobFreshness.js';
import { ManualClock } from '../src/clock.js';
import { makeLock, makePair, makeProvider, signTimeSync, T0 } from './world.js';

const MINUTE = 60_000;
const CHECK_IN = T0 - 3_600_000;
const CHECKOUT = T0 + 86_400_000;

/**
 * A door whose clock reads `lockNow`; the phone shares that clock and got a sync signed at
 * `syncTime` when its clock read `receivedAt` (so it claims age lockNow − receivedAt).
 */
async function door(lockNow: number, syncTime: number, receivedAt: number) {
  const provider = await makeProvider();
  const lock = await makeLock(provider, 'door');
  const timeSync = await signTimeSync({ time: syncTime, lockId: lock.lockId }, provider.signer);
  return makePair({ provider, testLock: lock, clock: new ManualClock(lockNow), phone: { timeSync, timeSyncReceivedAt: receivedAt } });
}

describe('time sync age (§9) through real sessions', () => {
  it('a correct lock stays correct with an honest sync held 0 s, 30 s or 4 min', async () => {
    for (const held of [0, 30_000, 4 * MINUTE]) {
      const p = await door(T0, T0 - held, T0 - held);
      expect(await p.phoneSession.start(), `held ${held} ms`).toMatchObject({ ok: true, lockTime: T0 });
      expect(p.firmware.lastTimeSync).toBe(T0 - held);
    }
  });

  it('without a receipt time no age is sent and the lock takes the sync time (the rule without ages)', async () => {
    const provider = await makeProvider();
    const lock = await makeLock(provider, 'door');
    const timeSync = await signTimeSync({ time: T0 - MINUTE, lockId: lock.lockId }, provider.signer);
    const p = await makePair({ provider, testLock: lock, clock: new ManualClock(T0), phone: { timeSync } });
    expect(await p.phoneSession.start()).toMatchObject({ ok: true, lockTime: T0 - MINUTE });
  });

  it('the age of a sync the phone "received in the future" counts as 0', async () => {
    const p = await door(T0, T0 - MINUTE, T0 + MINUTE);
    expect(await p.phoneSession.start()).toMatchObject({ ok: true, lockTime: T0 - MINUTE });
  });

  it('a claimed age cannot move a running clock forward past itself', async () => {
    // The phone claims it got the sync an hour ago; the clock is already past the sync time.
    const p = await door(T0, T0 - MINUTE, T0 - 3_600_000);
    expect(await p.phoneSession.start()).toMatchObject({ ok: true, lockTime: T0 });
  });

  it('a slow clock moves at most 5 minutes past the sync time, whatever age is claimed', async () => {
    const p = await door(T0 - 3_600_000, T0 - 30 * MINUTE, T0 - 10 * 3_600_000);
    expect(await p.phoneSession.start()).toMatchObject({ ok: true, lockTime: T0 - 30 * MINUTE + MAX_TIME_SYNC_BACKWARD_MS });
  });

  it('the check-in sync presented after checkout, held since check-in, still does not turn the clock back', async () => {
    const afterCheckout = CHECKOUT + 3_600_000;
    for (const receivedAt of [CHECK_IN, afterCheckout]) {
      const p = await door(afterCheckout, CHECK_IN, receivedAt);
      expect(await p.phoneSession.start()).toMatchObject({ ok: true, lockTime: afterCheckout });
      expect(p.firmware.lastTimeSync).toBeUndefined();
      expect((await p.phoneSession.unlock()).codeName).toBe('EXPIRED');
    }
  });
});
