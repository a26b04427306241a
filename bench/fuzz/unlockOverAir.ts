/**
 * Proof that the fuzzed lock still works, for `npm run fuzz`: the same lock instance behind a
 * real bleno peripheral on a fresh virtual air (@keyrig/simulator/testing's serveFuzzedLock),
 * and the client's noble central as a genuine phone (scan, connect, handshake, unlock). noble
 * stays in client/: bench reaches it through @keyrig/client, never directly.
 */
import { attemptAccess, findNearbyLocks, openNobleCentral, type Sighting } from '@keyrig/client';
import { Air } from '@keyrig/simulator';
import { serveFuzzedLock, type FuzzLock } from '@keyrig/simulator/testing';
import * as testkit from '@keyrig/testkit';

/** The code a genuine phone gets when it unlocks the fuzzed lock over BLE (GRANTED when healthy). */
export async function unlockOverAir(lock: FuzzLock): Promise<string> {
  const air = new Air({ seed: 11 });
  const { peripheral, key } = await serveFuzzedLock(lock, air, testkit);
  const lockId = lock.provisioning.lock_id;
  try {
    const central = await openNobleCentral({ hci: air.attach({ name: 'phone' }).bindings, clock: lock.clock, poweredOnTimeoutMs: 15_000 });
    try {
      const heard = (s: Iterable<Sighting>) => findNearbyLocks(s).find((l) => l.lockId === lockId);
      const sightings = await central.scan({ timeoutMs: 20_000, until: (s) => heard(s.values()) !== undefined });
      const nearby = heard(sightings);
      if (!nearby) return `lock ${lockId} not heard`;
      const r = await attemptAccess({
        central,
        lock: nearby,
        action: { op: 'unlock' },
        material: { credential: key.credential, endpointKey: key.endpointKey, providerKeys: lock.provider.keys },
        clock: lock.clock,
        attempts: 1,
      });
      return r.codeName ?? `no answer: ${r.reason}`;
    } finally {
      await central.close();
    }
  } finally {
    await peripheral.stop();
    await air.close();
  }
}
