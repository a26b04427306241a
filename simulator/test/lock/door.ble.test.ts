/** A door lock on the virtual air, driven by a real noble phone with protocol's PhoneSession. */
import { afterEach, describe, expect, it } from 'vitest';
import { decodeLockInfo, ManualClock, ResultCode } from '@keyrig/protocol';
import { Air } from '../../src/air/index.js';
import { startLock, type RunningLock } from '../../src/lock/startLock.js';
import { silentLogger, T0 } from './fixtures.js';
import { connectPhone, findLock, startNoble, type Noble } from './blePhone.js';
import { issueKey, makeProvider, provisionLock } from './world.js';

let air: Air | undefined;
let lock: RunningLock | undefined;
let nobles: Noble[] = [];

afterEach(async () => {
  for (const n of nobles) n.stop();
  nobles = [];
  await lock?.close();
  lock = undefined;
  await air?.close();
  air = undefined;
});

describe('door lock on the virtual air', () => {
  it('advertises, runs the handshake, unlocks and relocks', async () => {
    const clock = new ManualClock(T0);
    const provider = await makeProvider();
    const provisioning = await provisionLock(provider, 'door');
    air = new Air({ seed: 1 });
    lock = await startLock({ provisioning, air, clock, logger: silentLogger, behaviour: { relockAfterMs: 4000 } });
    const noble = await startNoble(air, 'phone-1');
    nobles.push(noble);
    const { peripheral, advertisement } = await findLock(noble, provisioning.lock_id);
    expect(advertisement.lockType).toBe(1);
    expect(advertisement.status.busy).toBe(false);
    const key = await issueKey(provider, [provisioning.lock_id]);
    const phone = await connectPhone({ peripheral, key, providerKeys: provider.keys, clock, lockId: provisioning.lock_id });
    expect(decodeLockInfo(new Uint8Array(phone.info)).lockId).toBe(provisioning.lock_id);
    const hs = await phone.handshake;
    expect(hs.ok).toBe(true);
    const r = await phone.session.unlock();
    expect(r.code).toBe(ResultCode.GRANTED);
    expect(r.relockTime).toBe(T0 + 4000);
    expect(lock.status().unlocked).toBe(true);
    clock.advance(4000);
    expect(lock.status().unlocked).toBe(false);
    await phone.disconnect();
  });
});
