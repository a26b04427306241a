/**
 * A provider, locks it provisioned and phone keys it signed, made directly with protocol's
 * signing functions (no cloud): the benchmarks need many locks and keys fast, and the lock sees
 * exactly what the cloud would make (PROTOCOL.md §5, §6).
 */
import {
  exportPrivateKeyJwk,
  exportPublicKeyRaw,
  generateSigningKeyPair,
  LockType,
  publicKeyRawToJwk,
  signCredentialDocument,
  signLockCertificate,
  toBase64Url,
  type HeldCredential,
  type ProviderKeys,
  type ProviderSigningKey,
} from '@keyrig/protocol';
import type { LockProvisioning } from '@keyrig/simulator';

const DAY = 86_400_000;

export interface Provider {
  readonly signer: ProviderSigningKey;
  readonly keys: ProviderKeys;
  readonly publicJwk: { kty: 'EC'; crv: 'P-256'; x: string; y: string };
}

export async function makeProvider(keyId = 'pk-bench000001'): Promise<Provider> {
  const pair = await generateSigningKeyPair(false);
  const jwk = publicKeyRawToJwk(await exportPublicKeyRaw(pair.publicKey));
  return {
    signer: { keyId, privateKey: pair.privateKey },
    keys: new Map([[keyId, pair.publicKey]]),
    publicJwk: { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y! },
  };
}

/** Lock ids 6b657972-0000-4000-8000-<12 hex of i>. */
export function lockIdOf(i: number): string {
  return `6b657972-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
}

/** A door lock's provisioning record: its own key pair and a provider-signed certificate. */
export async function provisionDoor(provider: Provider, i: number, now: number): Promise<LockProvisioning> {
  const lockId = lockIdOf(i);
  const pair = await generateSigningKeyPair(true);
  const raw = await exportPublicKeyRaw(pair.publicKey);
  const priv = await exportPrivateKeyJwk(pair.privateKey);
  const pub = publicKeyRawToJwk(raw);
  const certificate = await signLockCertificate(
    { lockId, lockPublicKey: raw, lockType: LockType.door, securityRevision: 1, notBefore: now - DAY, notAfter: now + 365 * DAY },
    provider.signer,
  );
  const iso = new Date(now).toISOString();
  return {
    version: 1,
    lock_id: lockId,
    lock_name: `Bench ${i}`,
    lock_type: 'door',
    acs_entrance_id: `6b657972-0000-4000-8001-${i.toString(16).padStart(12, '0')}`,
    entrance_name: `Bench door ${i}`,
    floors: [],
    schedule: null,
    time_zone: 'UTC',
    provider_keys: [{ kid: provider.signer.keyId, alg: 'ES256', public_jwk: provider.publicJwk, status: 'active', created_at: iso }],
    lock_key: {
      private_jwk: { kty: 'EC', crv: 'P-256', x: priv.x!, y: priv.y!, d: priv.d! },
      public_jwk: { kty: 'EC', crv: 'P-256', x: pub.x!, y: pub.y! },
    },
    lock_certificate: toBase64Url(certificate),
    lock_certificate_kid: provider.signer.keyId,
    blocklist_version: 0,
    issued_at: iso,
  };
}

export interface PhoneKey {
  readonly credential: HeldCredential;
  readonly endpointKey: CryptoKeyPair;
}

let serial = 0;

/** A credential for `lockIds` bound to a fresh endpoint key (or the given one), valid a day. */
export async function issueKey(provider: Provider, lockIds: readonly string[], now: number, endpointKey?: CryptoKeyPair): Promise<PhoneKey> {
  const key = endpointKey ?? (await generateSigningKeyPair(false));
  serial++;
  const fields = {
    credentialId: `6b657972-0000-4000-8002-${serial.toString(16).padStart(12, '0')}`,
    userIdentityId: `bench-user-${serial}`,
    accessGrantId: `bench-grant-${serial}`,
    endpointPublicKey: await exportPublicKeyRaw(key.publicKey),
    entrances: [...lockIds],
    floors: [],
    notBefore: now - DAY,
    notAfter: now + DAY,
    schedule: [],
    keySequences: Object.fromEntries(lockIds.map((id) => [id, 1])),
    issuedAt: now - DAY,
  };
  const bytes = await signCredentialDocument(fields, provider.signer);
  return { credential: { bytes, document: { ...fields, keyId: provider.signer.keyId } }, endpointKey: key };
}
