/** A provisioning record for the client robustness tests' lock at HOSTILE_LOCK_ID (its own fresh key; no certificate). */
import type { LockProvisioning } from '@keyrig/simulator';
import { HOSTILE_LOCK_ID } from '../../src/testing/HostileLock.js';

export async function hostileLockProvisioning(name: string, entranceIdSuffix: string): Promise<LockProvisioning> {
  const kp = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const j = await crypto.subtle.exportKey('jwk', kp.privateKey);
  const pub = { kty: 'EC' as const, crv: 'P-256' as const, x: j.x!, y: j.y! };
  return {
    version: 1, lock_id: HOSTILE_LOCK_ID, lock_name: `${name} door`, lock_type: 'door', acs_entrance_id: `6b657972-0000-4000-8000-0000000000${entranceIdSuffix}`,
    entrance_name: name, floors: [], schedule: null, time_zone: 'Europe/Berlin',
    provider_keys: [{ kid: 'prov-1', alg: 'ES256', public_jwk: pub, status: 'active', created_at: '2026-01-01T00:00:00Z' }],
    lock_key: { private_jwk: { ...pub, d: j.d! }, public_jwk: pub }, lock_certificate: null, lock_certificate_kid: null,
    blocklist_version: 0, issued_at: '2026-01-01T00:00:00Z',
  };
}
