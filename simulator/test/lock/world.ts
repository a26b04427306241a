/**
 * A provider, locks provisioned by it and phones holding credentials it signed: real keys and
 * real signatures (protocol's signing functions), so the lock sees exactly what the cloud makes.
 */
import {
  exportPrivateKeyJwk,
  exportPublicKeyRaw,
  generateSigningKeyPair,
  LockType,
  publicKeyRawToJwk,
  signBlocklist,
  signCredentialDocument,
  signLockCertificate,
  signTimeSync,
  toBase64Url,
  type CredentialDocumentFields,
  type HeldCredential,
  type ProviderKeys,
  type ProviderSigningKey,
} from '@keyrig/protocol';
import type { LockProvisioning } from '../../src/property/provisioning.js';
import { T0 } from './fixtures.js';

export interface Provider {
  readonly signer: ProviderSigningKey;
  readonly keys: ProviderKeys;
  readonly publicJwk: { kty: 'EC'; crv: 'P-256'; x: string; y: string };
}

export async function makeProvider(keyId = 'prov-1'): Promise<Provider> {
  const kp = await generateSigningKeyPair(false);
  const jwk = publicKeyRawToJwk(await exportPublicKeyRaw(kp.publicKey));
  return {
    signer: { keyId, privateKey: kp.privateKey },
    keys: new Map([[keyId, kp.publicKey]]),
    publicJwk: { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y! },
  };
}

const IDS = { door: '1', elevator: '2', amenity: '3' } as const;

/** A full provisioning record with a real lock key and a certificate signed by `provider`. */
export async function provisionLock(
  provider: Provider,
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
    issued_at: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}

export interface PhoneKey {
  readonly credential: HeldCredential;
  readonly endpointKey: CryptoKeyPair;
}

let serial = 0;

/** A credential for `lockIds`, signed by `provider`, bound to a fresh endpoint key. */
export async function issueKey(
  provider: Provider,
  lockIds: readonly string[],
  overrides: Partial<CredentialDocumentFields> = {},
  options: { endpointKey?: CryptoKeyPair } = {},
): Promise<PhoneKey> {
  const endpointKey = options.endpointKey ?? (await generateSigningKeyPair(false));
  serial++;
  const fields: CredentialDocumentFields = {
    credentialId: `c0ffee00-0000-4000-8000-${serial.toString(16).padStart(12, '0')}`,
    userIdentityId: 'user-1',
    accessGrantId: `grant-${serial}`,
    endpointPublicKey: await exportPublicKeyRaw(endpointKey.publicKey),
    entrances: [...lockIds],
    floors: [2, 3],
    notBefore: T0 - 3_600_000,
    notAfter: T0 + 86_400_000,
    schedule: [],
    keySequences: Object.fromEntries(lockIds.map((id) => [id, 1])),
    issuedAt: T0 - 3_600_000,
    ...overrides,
  };
  const bytes = await signCredentialDocument(fields, provider.signer);
  return { credential: { bytes, document: { ...fields, keyId: provider.signer.keyId } }, endpointKey };
}

export function blocklistBlob(provider: Provider, version: number, revoked: readonly string[]): Promise<Uint8Array> {
  return signBlocklist({ version, issuedAt: T0, revokedCredentialIds: [...revoked] }, provider.signer);
}

export function timeSyncBlob(provider: Provider, time: number, lockId?: string): Promise<Uint8Array> {
  return signTimeSync({ time, ...(lockId !== undefined ? { lockId } : {}) }, provider.signer);
}
