/**
 * One real-air case: a malicious peripheral (real bleno on the virtual air, advertising as a
 * keyrig lock and serving the keyrig GATT service) that answers the phone's HELLO with a flood of
 * junk messages, a forged LOCK_AUTH, or an ERROR claiming GRANTED; the real noble central and the
 * client core must end each attempt as data, in time, never "granted".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { MessageType, systemClock } from '@keyrig/protocol';
import { Air, LockFirmware, LockPeripheral, type ConnectionSession, type LockProvisioning } from '@keyrig/simulator';
import { attemptAccess } from '../../src/core/accessLock.js';
import { findNearbyLocks } from '../../src/core/nearby.js';
import { openNobleCentral, type NobleCentral } from '../../src/noble/NobleCentral.js';
import { hostileMaterial } from '../../src/testing/clientFuzz.js';
import { forgedLockAuth, HOSTILE_LOCK_ID, longError } from '../../src/testing/HostileLock.js';

type Mode = 'flood' | 'forged' | 'errorGranted';
import { hostileLockProvisioning } from './hostileProvisioning.js';

const logger = pino({ level: 'silent' });

const provisioning = (): Promise<LockProvisioning> => hostileLockProvisioning('Evil', 'e1');

/** What the malicious firmware does with each whole message from the phone. */
function hostileSession(mode: () => Mode, send: (m: Uint8Array) => Promise<void>): ConnectionSession {
  return {
    receive: async (m) => {
      if (m[0] !== MessageType.HELLO) return;
      const now = mode();
      if (now === 'forged') return send(forgedLockAuth(new Uint8Array(200).fill(7)));
      if (now === 'errorGranted') return send(longError(0x00, 'welcome home'));
      for (let i = 0; i < 300; i++) await send(Uint8Array.of(MessageType.LOCK_AUTH, ...new Uint8Array(300).fill(i & 0xff)));
    },
    fragmentError: () => {},
    poll: () => {},
    close: () => {},
  };
}

describe('client core against a malicious bleno peripheral on the virtual air', () => {
  const air = new Air({ seed: 5 });
  let mode: Mode = 'flood';
  let peripheral: LockPeripheral;
  let central: NobleCentral;
  beforeAll(async () => {
    const firmware = new LockFirmware({ provisioning: await provisioning(), clock: systemClock, logger });
    peripheral = new LockPeripheral({
      firmware,
      radio: { kind: 'virtual', ...air.attach({ name: 'evil-lock' }).bindings },
      clock: systemClock,
      logger,
      createSession: (_slot, send) => hostileSession(() => mode, send),
    });
    await peripheral.start();
    central = await openNobleCentral({ hci: air.attach({ name: 'phone' }).bindings, logger, poweredOnTimeoutMs: 15_000 });
  }, 30_000);
  afterAll(async () => {
    await central?.close();
    await peripheral?.stop();
    await air.close();
  });

  for (const m of ['flood', 'forged', 'errorGranted'] as const) {
    it(`${m}: the attempt ends denied or failed, never granted`, async () => {
      mode = m;
      const sightings = await central.scan({ timeoutMs: 10_000, until: (s) => findNearbyLocks(s.values()).length > 0 });
      const lock = findNearbyLocks(sightings)[0];
      expect(lock?.lockId).toBe(HOSTILE_LOCK_ID);
      const r = await attemptAccess({ central, lock: lock!, action: { op: 'unlock' }, material: await hostileMaterial(), attempts: 1, logger });
      expect(['denied', 'failed']).toContain(r.outcome);
      expect(r.codeName).not.toBe('GRANTED');
    }, 30_000);
  }
});
