import { ManualClock } from '@keyrig/protocol';
import { describe, expect, it } from 'vitest';
import { attemptAccess, type AccessMaterial } from './accessLock.js';
import type { Central } from './central.js';
import { BleError } from './errors.js';
import type { NearbyLock } from './nearby.js';

const lock = { lockId: 'lock-1', lockType: 'door', sighting: { peripheralId: 'p1', rssi: -50, serviceUuids: [], seenAt: 0 } } as unknown as NearbyLock;
const material = { credential: { document: { credentialId: 'cred-1' } } } as unknown as AccessMaterial;

describe('attemptAccess timing', () => {
  it('measures durationMs on its radio clock, not on the process clock', async () => {
    const radio = new ManualClock(0);
    const central: Central = {
      scan: async () => [],
      connect: async () => {
        radio.advance(1234); // the radio took 1.234 s to give up
        throw new BleError('io', 'no connection');
      },
      close: async () => {},
    };
    const a = await attemptAccess({ central, lock, action: { op: 'unlock' }, material, attempts: 1, radioClock: radio, clock: new ManualClock(0) });
    expect(a.outcome).toBe('failed');
    expect(a.durationMs).toBe(1234);
  });
});
