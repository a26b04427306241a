/**
 * The lock half of "a fuzzed lock still works": the same LockFirmware instance (state, audit,
 * counters after the fuzz) behind a real bleno peripheral on a virtual air, and a fresh phone key
 * valid at the lock's current time. The phone half is the caller's (a noble phone in the
 * simulator's tests, the client's noble central in bench/fuzz): noble stays out of simulator/src.
 */
import type { Air } from '../air/index.js';
import { LockPeripheral } from '../lock/ble/LockPeripheral.js';
import { FirmwareSession } from '../lock/session/FirmwareSession.js';
import type { FuzzLock } from './FuzzLock.js';
import type { KitPhoneKey, TestKit } from './testKit.js';

/** A started peripheral (stop it when done) serving `lock` on `air`, and a key a genuine phone holds. */
export async function serveFuzzedLock(lock: FuzzLock, air: Air, kit: Pick<TestKit, 'issueKey'>): Promise<{ peripheral: LockPeripheral; key: KitPhoneKey }> {
  const peripheral = new LockPeripheral({
    firmware: lock.firmware,
    radio: { kind: 'virtual', ...air.attach({ name: 'fuzzed-lock' }).bindings },
    clock: lock.firmware.rtc,
    logger: lock.logger,
    createSession: (slot, send) => new FirmwareSession({ firmware: lock.firmware, keys: lock.keys, slot, send, logger: lock.logger }),
  });
  await peripheral.start();
  // The last hostile case may have tripped the wandering-intruder lockout (a short one in the
  // fuzz lock): wait it out as the harness does before every case; a genuine phone then opens.
  if (lock.firmware.flags().lockout) lock.clock.advance(1001);
  // A fresh credential valid at the lock's current time (the fuzz moved the clock on).
  const now = lock.clock.now();
  const key = await kit.issueKey(lock.provider, [lock.provisioning.lock_id], { notBefore: now - 60_000, notAfter: now + 3_600_000 });
  return { peripheral, key };
}
