/**
 * The §9 time sync rule through real sessions (TestFirmware, FramedChannels): an old time sync
 * must not turn a set lock clock back (the check-in sync presented after checkout would reopen an
 * expired key); a stale sync is ignored and the session goes on; drift corrections are applied.
 */
import { describe, expect, it } from 'vitest';
import { MAX_TIME_SYNC_BACKWARD_MS } from '../src/blobs/blobFreshness.js';
import { ManualClock } from '../src/clock.js';
import { ResultCode } from '../src/resultCodes.js';
import { makeLock, makePair, makeProvider, signTimeSync, T0 } from './world.js';

// The credential from world.ts: check-in at T0 - 1 h, checkout at T0 + 1 day.
const CHECK_IN = T0 - 3_600_000;
const CHECKOUT = T0 + 86_400_000;

/** A door whose clock reads `lockNow`, and a phone carrying a time sync signed at `syncTime`. */
async function doorWithSync(lockNow: number, syncTime: number) {
  const provider = await makeProvider();
  const lock = await makeLock(provider, 'door');
  const timeSync = await signTimeSync({ time: syncTime, lockId: lock.lockId }, provider.signer);
  return makePair({ provider, testLock: lock, clock: new ManualClock(lockNow), phone: { timeSync } });
}

describe('time sync (§9) through real sessions', () => {
  it('the check-in time sync presented after checkout is ignored: clock unchanged, unlock EXPIRED', async () => {
    const afterCheckout = CHECKOUT + 3_600_000;
    const p = await doorWithSync(afterCheckout, CHECK_IN); // the lock never accepted a time sync
    const hs = await p.phoneSession.start();
    expect(hs).toMatchObject({ ok: true, lockTime: afterCheckout });
    expect(p.clock.now()).toBe(afterCheckout);
    expect(p.firmware.lastTimeSync).toBeUndefined();
    expect((await p.phoneSession.unlock()).codeName).toBe('EXPIRED');
    await p.settle();
    expect(p.ends.lock).toBeUndefined(); // not refused: the session stayed open
    expect(p.firmware.attempts).toEqual([]);
  });

  it('a day-old time sync is ignored and the valid key still opens in the same session', async () => {
    const p = await doorWithSync(T0, T0 - 86_400_000);
    p.firmware.lastTimeSync = T0 - 60_000; // another phone brought a newer one
    const hs = await p.phoneSession.start();
    expect(hs).toMatchObject({ ok: true, lockTime: T0 });
    expect(p.firmware.lastTimeSync).toBe(T0 - 60_000);
    expect((await p.phoneSession.unlock()).codeName).toBe('GRANTED');
  });

  it('a sync another phone already superseded (not newer than the last) is ignored; the unlock succeeds', async () => {
    const p = await doorWithSync(T0, T0 - 30_000);
    p.firmware.lastTimeSync = T0 - 10_000;
    expect((await p.phoneSession.start()).ok).toBe(true);
    expect(p.clock.now()).toBe(T0);
    expect((await p.phoneSession.unlock()).codeName).toBe('GRANTED');
  });

  it('a drift correction backwards within the limit is applied; one just past it is not', async () => {
    const within = await doorWithSync(T0, T0 - 2 * 60_000); // the lock runs 2 minutes fast
    expect(await within.phoneSession.start()).toMatchObject({ ok: true, lockTime: T0 - 2 * 60_000 });
    expect(within.firmware.lastTimeSync).toBe(T0 - 2 * 60_000);
    const past = await doorWithSync(T0, T0 - MAX_TIME_SYNC_BACKWARD_MS - 1);
    expect(await past.phoneSession.start()).toMatchObject({ ok: true, lockTime: T0 });
  });

  it('a forward correction of any size is applied', async () => {
    // Twelve hours slow (the shared test clock must stay within the lock certificate's validity).
    const p = await doorWithSync(T0 - 12 * 3_600_000, T0);
    expect(await p.phoneSession.start()).toMatchObject({ ok: true, lockTime: T0 });
    expect((await p.phoneSession.unlock()).codeName).toBe('GRANTED');
  });

  it('limitation: a lock with an UNSET clock accepts any valid sync, even the old check-in one', async () => {
    // Offline, the first sync of an unset clock has nothing to be checked against (§9).
    const p = await doorWithSync(CHECKOUT + 3_600_000, CHECK_IN);
    p.firmware.condition_ = { clockUnset: true };
    expect(await p.phoneSession.start()).toMatchObject({ ok: true, lockTime: CHECK_IN });
    expect(p.firmware.lastTimeSync).toBe(CHECK_IN);
    expect((await p.phoneSession.unlock()).codeName).toBe('GRANTED');
  });

  it('a time sync naming another lock still closes the session with WRONG_LOCK', async () => {
    const provider = await makeProvider();
    const timeSync = await signTimeSync({ time: T0, lockId: '0e000000-0000-4000-8000-000000000002' }, provider.signer);
    const p = await makePair({ provider, phone: { timeSync } });
    const hs = await p.phoneSession.start();
    await p.settle();
    expect(hs).toMatchObject({ ok: false, code: ResultCode.WRONG_LOCK });
    expect(p.ends.lock?.codeName).toBe('WRONG_LOCK');
  });
});
