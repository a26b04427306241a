/**
 * A lock provisioned by a test provider: a real lock key and a certificate the provider signed,
 * so the lock sees exactly what the cloud makes. Shared by the lock tests (test/lock/world.ts
 * re-exports it) and the fuzz harness.
 */
import {
  exportPrivateKeyJwk,
  exportPublicKeyRaw,
  generateSigningKeyPair,
  LockType,
  publicKeyRawToJwk,
  signLockCertificate,
  toBase64Url,
} from '@keyrig/protocol';
import type { LockProvisioning } from '../property/provisioning.js';
import type { KitProvider } from './testKit.js';

/** The lock tests' epoch: Monday 2026-06-01 12:00 Europe/Berlin (the test kit's issue time too). */
export const T0 = Date.UTC(2026, 5, 1, 10, 0, 0);

const IDS = { door: '1', elevator: '2', amenity: '3' } as const;

/**
 * A full provisioning record with a real lock key and a certificate signed by `provider`. It
 * carries no blocklist (as a file from before issue #16): the lock holds none and takes the first
 * valid list a phone brings. Override `blocklist` (signed by `provider`, base64url) and
 * `blocklist_version` to provision one; the lock installs it in `startLock`
 * (LockFirmware.installProvisionedBlocklist).
 */
export async function provisionLock(
  provider: KitProvider,
  type: 'door' | 'elevator' | 'amenity',
  overrides: Partial<LockProvisioning> = {},
): Promise<LockProvisioning> {
  const lockId = overrides.lock_id ?? `00000000-0000-4000-8000-00000000000${IDS[type]}`;
  const lock = await generateSigningKeyPair(true);
  const lockRaw = await exportPublicKeyRaw(lock.publicKey);
  const priv = await exportPrivateKeyJwk(lock.privateKey);
  const cert = await signLockCertificate(
    { lockId, lockPublicKey: lockRaw, lockType: LockType[type], securityRevision: 1, notBefore: T0 - 86_400_000 * 365, notAfter: T0 + 86_400_000 * 365 },
    provider.signer,
  );
  const pub = publicKeyRawToJwk(lockRaw);
  return {
    version: 1,
    lock_id: lockId,
    lock_name: `Test ${type}`,
    lock_type: type,
    acs_entrance_id: `00000000-0000-4000-8000-0000000000e${IDS[type]}`,
    entrance_name: `Test ${type} entrance`,
    floors: type === 'elevator' ? [1, 2, 3, 4] : [],
    schedule: type === 'amenity' ? [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '06:00', to: '22:00' }] : null,
    time_zone: 'Europe/Berlin',
    provider_keys: [{ kid: provider.signer.keyId, alg: 'ES256', public_jwk: provider.publicJwk, status: 'active', created_at: '2026-01-01T00:00:00Z' }],
    lock_key: {
      private_jwk: { kty: 'EC', crv: 'P-256', x: priv.x!, y: priv.y!, d: priv.d! },
      public_jwk: { kty: 'EC', crv: 'P-256', x: pub.x!, y: pub.y! },
    },
    lock_certificate: toBase64Url(cert),
    lock_certificate_kid: provider.signer.keyId,
    blocklist_version: 0,
    ...(provider.audit ? { provider_audit_key: { kid: provider.audit.keyId, public_jwk: provider.audit.publicJwk } } : {}),
    issued_at: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}
