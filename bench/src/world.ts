/**
 * A provider, locks it provisioned and phone keys it signed, made directly with protocol's
 * signing functions (no cloud): the benchmarks need many locks and keys fast, and the lock sees
 * exactly what the cloud would make (PROTOCOL.md §5, §6). The builders are the test kit's
 * (@keyrig/testkit) and the conformance suite's provisioning (@keyrig/scenarios); this file only
 * fixes the benchmarks' ids and validity.
 */
import { issueKey as issueTestKey, makeProvider as makeTestProvider, type PhoneKey, type Provider } from '@keyrig/testkit';
import { provisionConformanceLock } from '@keyrig/scenarios';
import type { LockProvisioning } from '@keyrig/simulator';

export type { PhoneKey, Provider };

const DAY = 86_400_000;

/** The benchmarks' provider (one key id, so recorded runs compare). */
export function makeProvider(keyId = 'pk-bench000001'): Promise<Provider> {
  return makeTestProvider(keyId);
}

/** Lock ids 6b657972-0000-4000-8000-<12 hex of i>. */
export function lockIdOf(i: number): string {
  return `6b657972-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
}

/** A door lock's provisioning record (UTC): its own key pair and a provider-signed certificate. */
export function provisionDoor(provider: Provider, i: number, now: number): Promise<LockProvisioning> {
  return provisionConformanceLock(provider, 'door', now, { lockId: lockIdOf(i), name: `Bench ${i}`, timeZone: 'UTC' });
}

/** A credential for `lockIds` bound to a fresh endpoint key (or the given one), valid a day either side of `now`. */
export function issueKey(provider: Provider, lockIds: readonly string[], now: number, endpointKey?: CryptoKeyPair): Promise<PhoneKey> {
  return issueTestKey(provider, lockIds, { floors: [], notBefore: now - DAY, issuedAt: now - DAY }, { now, ...(endpointKey ? { endpointKey } : {}) });
}
