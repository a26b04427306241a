/**
 * The client core against malicious locks, fuzzed: each case is one access attempt
 * (`attemptAccess`: connect, LockChannel, PhoneSession, retries) facing a HostileCentral whose
 * connections play generated behaviours. Expected: the attempt resolves as data — `denied` or
 * `failed`, never `granted` — within a bound, without throwing.
 */
import fc from 'fast-check';
import {
  exportPublicKeyRaw,
  generateSigningKeyPair,
  ManualClock,
  MessageType,
  signCredentialDocument,
  systemClock,
  type ProviderKeys,
} from '@keyrig/protocol';
import { attemptAccess, type AccessMaterial } from '../core/accessLock.js';
import type { NearbyLock } from '../core/nearby.js';
import { forgedLockAuth, HOSTILE_LOCK_ID, HostileCentral, longError, type HostileAction, type HostileBehaviour } from './HostileLock.js';

const T0 = Date.UTC(2026, 5, 1, 10, 0, 0);
/** Wall-time bound for one attempt of up to 3 connections (no behaviour is silent). */
const HANG_MS = 15_000;

/** A genuine-looking credential for the hostile lock (a fresh provider and endpoint key). */
export async function hostileMaterial(): Promise<AccessMaterial> {
  const provider = await generateSigningKeyPair(false);
  const endpointKey = await generateSigningKeyPair(false);
  const providerKeys: ProviderKeys = new Map([['prov-1', provider.publicKey]]);
  const fields = {
    credentialId: 'c0ffee00-0000-4000-8000-0000000000ee',
    userIdentityId: 'user-1',
    accessGrantId: 'grant-1',
    endpointPublicKey: await exportPublicKeyRaw(endpointKey.publicKey),
    entrances: [HOSTILE_LOCK_ID],
    floors: [],
    notBefore: T0 - 3_600_000,
    notAfter: T0 + 86_400_000,
    schedule: [],
    keySequences: { [HOSTILE_LOCK_ID]: 1 },
    issuedAt: T0 - 3_600_000,
  };
  const bytes = await signCredentialDocument(fields, { keyId: 'prov-1', privateKey: provider.privateKey });
  return { credential: { bytes, document: { ...fields, keyId: 'prov-1' } }, endpointKey, providerKeys };
}

/** The hostile lock as the phone saw it advertise. */
export const hostileNearby: NearbyLock = {
  sighting: { peripheralId: 'hostile', rssi: -50, serviceUuids: [], seenAt: T0 },
  advertisement: { version: 1, lockType: 'door', status: { batteryLow: false, clockUnset: false, busy: false, jammed: false, lockout: false }, securityRevision: 1, lockId: HOSTILE_LOCK_ID } as unknown as NearbyLock['advertisement'],
  lockId: HOSTILE_LOCK_ID,
  lockType: 'door',
};

const types = Object.values(MessageType);
const junkMessage = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 300 }),
  fc.tuple(fc.constantFrom(...types), fc.uint8Array({ maxLength: 200 })).map(([t, b]) => Uint8Array.of(t, ...b)),
  fc.uint8Array({ minLength: 3, maxLength: 300 }).map(forgedLockAuth),
  fc.tuple(fc.integer({ min: 0, max: 255 }), fc.string({ maxLength: 200 })).map(([c, r]) => longError(c, r.slice(0, 64))),
  fc.integer({ min: 2049, max: 20_000 }).map((n) => new Uint8Array(n).fill(MessageType.LOCK_AUTH)),
);
const action: fc.Arbitrary<HostileAction> = fc.oneof(
  fc.uint8Array({ maxLength: 700 }).map((bytes) => ({ kind: 'fragment' as const, bytes })),
  junkMessage.map((bytes) => ({ kind: 'message' as const, bytes })),
  fc.record({ kind: fc.constant('flood' as const), count: fc.integer({ min: 1, max: 400 }), id: fc.integer({ min: 0, max: 3 }) }),
);
/** Every answer ends final: a complete (junk) message, or the link dropped. */
const answer = fc
  .tuple(fc.array(action, { maxLength: 4 }), fc.oneof({ weight: 3, arbitrary: junkMessage.map((bytes) => ({ kind: 'message' as const, bytes })) }, { weight: 1, arbitrary: fc.constant({ kind: 'disconnect' as const }) }))
  .map(([a, last]) => [...a, last] as HostileAction[]);
const behaviour: fc.Arbitrary<HostileBehaviour> = fc
  .record({
    notify: fc.boolean(),
    mtu: fc.constantFrom(23, 185, 517),
    answers: fc.array(answer, { minLength: 1, maxLength: 3 }),
    // Now and then a garbage info value (LockChannel.open must refuse it as data).
    info: fc.tuple(fc.integer({ min: 0, max: 7 }), fc.uint8Array({ maxLength: 40 })),
  })
  .map(({ info: [dice, info], ...b }) => (dice === 0 ? { ...b, info } : b));

/** The numbers of a client fuzz run and its findings. */
export interface ClientFuzzStats {
  attempts: number;
  outcomes: Record<string, number>;
  failures: string[];
  wallMs: number;
}

/** Runs `attempts` access attempts against generated hostile locks. */
export async function runClientFuzz(o: { attempts: number; seed: number }): Promise<ClientFuzzStats> {
  const material = await hostileMaterial();
  const stats: ClientFuzzStats = { attempts: 0, outcomes: {}, failures: [], wallMs: 0 };
  const started = systemClock.now();
  try {
    await fc.assert(
      fc.asyncProperty(fc.array(behaviour, { minLength: 1, maxLength: 3 }), async (behaviours) => {
        stats.attempts++;
        let timer: NodeJS.Timeout | undefined;
        const hang = new Promise<'hang'>((r) => (timer = setTimeout(() => r('hang'), HANG_MS)));
        const result = await Promise.race([
          attemptAccess({ central: new HostileCentral(behaviours), lock: hostileNearby, action: { op: 'unlock' }, material, clock: new ManualClock(T0) }).catch((e: unknown) => `threw: ${(e as Error).stack}`),
          hang,
        ]);
        clearTimeout(timer);
        const key = typeof result === 'string' ? result.split(':')[0]! : `${result.outcome} ${result.codeName ?? ''}`.trim();
        stats.outcomes[key] = (stats.outcomes[key] ?? 0) + 1;
        const bad = typeof result === 'string' ? result : result.outcome === 'granted' ? 'granted by a hostile lock' : undefined;
        if (bad && stats.failures.length < 10) stats.failures.push(bad);
        return bad === undefined;
      }),
      { seed: o.seed, numRuns: o.attempts, endOnFailure: true },
    );
  } catch (e) {
    stats.failures.push(`seed ${o.seed}: ${(e as Error).message.split('\n').slice(0, 4).join(' ')}`);
  }
  stats.wallMs = systemClock.now() - started;
  return stats;
}
