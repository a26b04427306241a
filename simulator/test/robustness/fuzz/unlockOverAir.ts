/**
 * Proof that a fuzzed lock still works: the same LockFirmware instance (state, audit, counters
 * after the fuzz) behind a real bleno peripheral on a fresh virtual air, and one real noble phone
 * that scans for it, connects, runs the handshake and unlocks.
 */
import { Air } from '../../../src/air/index.js';
import { LockPeripheral } from '../../../src/lock/ble/LockPeripheral.js';
import { FirmwareSession } from '../../../src/lock/session/FirmwareSession.js';
import { connectPhone, findLock, startNoble } from '../../lock/blePhone.js';
import { issueKey } from '../../lock/world.js';
import type { FuzzLock } from './FuzzLock.js';

/** The code a genuine phone gets when it unlocks the fuzzed lock over BLE (GRANTED when healthy). */
export async function unlockOverAir(lock: FuzzLock): Promise<string> {
  const air = new Air({ seed: 11 });
  const peripheral = new LockPeripheral({
    firmware: lock.firmware,
    radio: { kind: 'virtual', ...air.attach({ name: 'fuzzed-lock' }).bindings },
    clock: lock.firmware.rtc,
    logger: lock.logger,
    createSession: (slot, send) => new FirmwareSession({ firmware: lock.firmware, keys: lock.keys, slot, send, logger: lock.logger }),
  });
  await peripheral.start();
  const noble = await startNoble(air, 'phone');
  try {
    // The last hostile case may have tripped the wandering-intruder lockout (a short one in the
    // fuzz lock): wait it out as the harness does before every case; a genuine phone then opens.
    if (lock.firmware.flags().lockout) lock.clock.advance(1001);
    // A fresh credential valid at the lock's current time (the fuzz moved the clock on).
    const now = lock.clock.now();
    const key = await issueKey(lock.provider, [lock.provisioning.lock_id], { notBefore: now - 60_000, notAfter: now + 3_600_000 });
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
