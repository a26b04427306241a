/**
 * Radio loss on the real air (issue #18): a lock whose radio vanishes mid-connection (its
 * controller detached from the air, as a killed lock process or a pulled dongle) and a phone whose
 * own controller vanishes mid-scan. Every noble await has a deadline (docs/CLIENT.md "Deadlines"):
 * the attempt ends as data ('failed'), the scan ends with the adapter-loss error (BleError 'io',
 * the CLI's exit 70) instead of hanging, and close() returns.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { MessageType, systemClock } from '@keyrig/protocol';
import { Air, LockFirmware, LockPeripheral, type AirAttachment, type ConnectionSession, type LockProvisioning } from '@keyrig/simulator';
import { attemptAccess } from '../../src/core/accessLock.js';
import { BleError } from '../../src/core/errors.js';
import { findNearbyLocks } from '../../src/core/nearby.js';
import { openNobleCentral } from '../../src/noble/NobleCentral.js';
import { hostileMaterial } from '../../src/testing/clientFuzz.js';
import { HOSTILE_LOCK_ID } from '../../src/testing/HostileLock.js';

import { hostileLockProvisioning } from './hostileProvisioning.js';

const logger = pino({ level: 'silent' });

const provisioning = (): Promise<LockProvisioning> => hostileLockProvisioning('Dying', 'e2');

describe('radio loss on the virtual air', () => {
  const air = new Air({ seed: 18 });
  afterAll(() => air.close());

  it('a lock whose radio dies mid-connection: the attempt ends failed, in bounded time', async () => {
    const lockRadio: AirAttachment = air.attach({ name: 'dying-lock' });
    // The lock's radio vanishes the moment the phone's HELLO arrives: nothing answers again.
    const dies = (): ConnectionSession => ({
      receive: async (m) => {
        if (m[0] === MessageType.HELLO) lockRadio.detach();
      },
      fragmentError: () => {},
      poll: () => {},
      close: () => {},
    });
    const firmware = new LockFirmware({ provisioning: await provisioning(), clock: systemClock, logger });
    const peripheral = new LockPeripheral({ firmware, radio: { kind: 'virtual', ...lockRadio.bindings }, clock: systemClock, logger, createSession: dies });
    await peripheral.start();
    const central = await openNobleCentral({ hci: air.attach({ name: 'phone-a' }).bindings, logger, poweredOnTimeoutMs: 15_000 });
    try {
      const sightings = await central.scan({ timeoutMs: 10_000, until: (s) => findNearbyLocks(s.values()).length > 0 });
      const lock = findNearbyLocks(sightings)[0]!;
      expect(lock.lockId).toBe(HOSTILE_LOCK_ID);
      const r = await attemptAccess({ central, lock, action: { op: 'unlock' }, material: await hostileMaterial(), attempts: 2, logger });
      expect(r.outcome).toBe('failed');
    } finally {
      await central.close();
      await peripheral.stop();
    }
  }, 90_000);

  it('a lock whose radio dies as the phone connects (during discovery): the attempt ends failed, in bounded time', async () => {
    // The path that hung: a failed discovery awaited peripheral.disconnectAsync() on a link that
    // was already gone, with no deadline (issue #18: attempts pending after 45 s).
    const lockRadio: AirAttachment = air.attach({ name: 'dying-lock-2' });
    const firmware = new LockFirmware({ provisioning: await provisioning(), clock: systemClock, logger });
    const quiet = (): ConnectionSession => ({ receive: async () => {}, fragmentError: () => {}, poll: () => {}, close: () => {} });
    const peripheral = new LockPeripheral({ firmware, radio: { kind: 'virtual', ...lockRadio.bindings }, clock: systemClock, logger, createSession: quiet });
    await peripheral.start();
    peripheral.bleno!.on('accept', () => lockRadio.detach());
    const central = await openNobleCentral({ hci: air.attach({ name: 'phone-c' }).bindings, logger, poweredOnTimeoutMs: 15_000 });
    try {
      const sightings = await central.scan({ timeoutMs: 10_000, until: (s) => findNearbyLocks(s.values()).length > 0 });
      const lock = findNearbyLocks(sightings)[0]!;
      const r = await attemptAccess({ central, lock, action: { op: 'unlock' }, material: await hostileMaterial(), attempts: 1, logger });
      expect(r.outcome).toBe('failed');
    } finally {
      await central.close();
      await peripheral.stop();
    }
  }, 90_000);

  it("the phone's controller vanishes mid-scan: scan ends with the adapter-loss error, close() returns", async () => {
    const phone = air.attach({ name: 'phone-b' });
    const central = await openNobleCentral({ hci: phone.bindings, logger, poweredOnTimeoutMs: 15_000 });
    // A scan far longer than the test: only the adapter loss can end it in time.
    const scan = central.scan({ timeoutMs: 600_000 });
    setTimeout(() => phone.detach(), 300);
    const err = await scan.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BleError);
    expect((err as BleError).code).toBe('io');
    expect((err as BleError).message).toMatch(/adapter lost/);
    await central.close();
  }, 60_000);
});
