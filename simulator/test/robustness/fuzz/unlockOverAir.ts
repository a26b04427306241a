/**
 * Proof that a fuzzed lock still works: the same LockFirmware instance behind a real bleno
 * peripheral on a fresh virtual air (serveFuzzedLock), and one real noble phone that scans for it,
 * connects, runs the handshake and unlocks.
 */
import * as testkit from '@keyrig/testkit';
import { Air } from '../../../src/air/index.js';
import { serveFuzzedLock, type FuzzLock } from '../../../src/testing/index.js';
import { connectPhone, findLock, startNoble } from '../../lock/blePhone.js';

/** The code a genuine phone gets when it unlocks the fuzzed lock over BLE (GRANTED when healthy). */
export async function unlockOverAir(lock: FuzzLock): Promise<string> {
  const air = new Air({ seed: 11 });
  const { peripheral, key } = await serveFuzzedLock(lock, air, testkit);
  const noble = await startNoble(air, 'phone');
  try {
    const { peripheral: found } = await findLock(noble, lock.provisioning.lock_id);
    const phone = await connectPhone({ peripheral: found, key, providerKeys: lock.provider.keys, clock: lock.clock, lockId: lock.provisioning.lock_id });
    try {
      const hs = await phone.handshake;
      if (!hs.ok) return hs.codeName;
      return (await phone.session.unlock()).codeName;
    } finally {
      await phone.disconnect();
    }
  } finally {
    noble.stop();
    await peripheral.stop();
    await air.close();
  }
}
