/** The advertisement keeps up with the lock: status flags change on the air as the lock's state does. */
import { afterEach, describe, expect, it } from 'vitest';
import { KEYRIG_SERVICE_UUID, LockType } from '@keyrig/protocol';
import { findLock, startNoble } from './blePhone.js';
import { startRig, type Rig } from './rig.js';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('lock advertisement (§1)', () => {
  it('carries type, lock id, security revision and live status flags', async () => {
    rig = await startRig('elevator', { behaviour: { clockUnset: true } });
    const noble = await startNoble(rig.air, 'scanner');
    try {
      const first = await findLock(noble, rig.provisioning.lock_id);
      expect(first.advertisement).toMatchObject({ lockType: LockType.elevator, securityRevision: 1, version: 1 });
      expect(first.advertisement.status).toEqual({ batteryLow: false, clockUnset: true, busy: false, jammed: false, lockout: false });
      // A name for people in the ADV_IND (§1.1): the lock's provisioned name, complete when <= 8 bytes.
      const name = rig.provisioning.lock_name;
      const bytes = Buffer.from(name, 'utf8');
      expect(first.peripheral.advertisement.localName).toBe(bytes.length <= 8 ? name : bytes.subarray(0, 8).toString('utf8'));
      expect(first.peripheral.advertisement.serviceUuids?.map((u) => u.toLowerCase())).toContain(KEYRIG_SERVICE_UUID.replace(/-/g, ''));

      rig.lock.firmware.setBattery(12);
      rig.lock.firmware.setJammed(true);
      const later = await findLock(noble, rig.provisioning.lock_id, (a) => a.status.batteryLow && a.status.jammed);
      expect(later.advertisement.status).toMatchObject({ batteryLow: true, jammed: true, clockUnset: true });

      rig.lock.firmware.setJammed(false);
      const cleared = await findLock(noble, rig.provisioning.lock_id, (a) => !a.status.jammed);
      expect(cleared.advertisement.status.batteryLow).toBe(true);
    } finally {
      noble.stop();
    }
  });
});
