/**
 * Test fixtures for the lock simulator: provisioning records and a silent logger.
 * (Keys are real P-256 keys generated per run; nothing here is a secret.)
 */
import { pino, type Logger } from 'pino';
import type { LockProvisioning } from '../../src/property/provisioning.js';
import type { CredentialDocument, VerifiedCredential } from '@keyrig/protocol';

export const silentLogger: Logger = pino({ level: process.env.KEYRIG_TEST_LOG ?? 'silent' });

// Monday 2026-06-01 12:00 Europe/Berlin, defined once with the harnesses' provisionLock.
import { T0 } from '../../src/testing/lockWorld.js';

export { T0 };

async function jwkPair(): Promise<{ privateJwk: JsonWebKey; publicJwk: JsonWebKey }> {
  const kp = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const privateJwk = await crypto.subtle.exportKey('jwk', kp.privateKey);
  const publicJwk = await crypto.subtle.exportKey('jwk', kp.publicKey);
  return { privateJwk, publicJwk };
}

function pub(j: JsonWebKey) {
  return { kty: 'EC' as const, crv: 'P-256' as const, x: j.x!, y: j.y! };
}

/** A schema-shaped provisioning record for one lock (no certificate: the pure model needs none). */
export async function provisioningFor(
  type: 'door' | 'elevator' | 'amenity',
  overrides: Partial<LockProvisioning> = {},
): Promise<LockProvisioning> {
  const provider = await jwkPair();
  const lock = await jwkPair();
  const id = { door: '1', elevator: '2', amenity: '3' }[type];
  return {
    version: 1,
    lock_id: `00000000-0000-4000-8000-00000000000${id}`,
    lock_name: `Test ${type}`,
    lock_type: type,
    acs_entrance_id: `00000000-0000-4000-8000-0000000000e${id}`,
    entrance_name: `Test ${type} entrance`,
    floors: type === 'elevator' ? [1, 2, 3, 4] : [],
    schedule: type === 'amenity' ? [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '06:00', to: '22:00' }] : null,
    time_zone: 'Europe/Berlin',
    provider_keys: [{ kid: 'prov-1', alg: 'ES256', public_jwk: pub(provider.publicJwk), status: 'active', created_at: '2026-01-01T00:00:00Z' }],
    lock_key: { private_jwk: { ...pub(lock.privateJwk), d: lock.privateJwk.d! }, public_jwk: pub(lock.publicJwk) },
    lock_certificate: null,
    lock_certificate_kid: null,
    blocklist_version: 0,
    issued_at: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}

/** A valid credential document for `p`, as a verified credential (the pure model needs no bytes). */
export function credentialFor(p: LockProvisioning, overrides: Partial<CredentialDocument> = {}): VerifiedCredential {
  return {
    bytes: new Uint8Array(0),
    document: {
      credentialId: 'c0ffee00-0000-4000-8000-000000000001',
      userIdentityId: 'user-1',
      accessGrantId: 'grant-1',
      endpointPublicKey: new Uint8Array(65),
      entrances: [p.lock_id],
      floors: [2, 3],
      notBefore: T0 - 3_600_000,
      notAfter: T0 + 86_400_000,
      schedule: [],
      keySequences: { [p.lock_id]: 1 },
      issuedAt: T0 - 3_600_000,
      keyId: 'prov-1',
      ...overrides,
    },
  };
}
