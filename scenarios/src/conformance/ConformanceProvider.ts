/**
 * The provider identity the conformance suite signs with: it issues the credential documents,
 * blocklists and time syncs the tests need (valid ones and deliberately wrong ones), and it
 * provisions the lock under test. For a partner's lock, `keyrig validate init` writes this key and
 * a provisioning record signed by it; the partner loads the record onto the device.
 */
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import {
  exportPrivateKeyJwk,
  exportPublicKeyRaw,
  generateEphemeralKeyPair,
  generateSigningKeyPair,
  importKeyPairJwk,
  KeyrigError,
  LockType,
  publicKeyRawToJwk,
  signBlocklist,
  signLockCertificate,
  toBase64Url,
  type ProviderKeys,
  type ProviderSigningKey,
} from '@keyrig/protocol';
import type { LockProvisioning } from '@keyrig/simulator';

export type ConformanceLockType = 'door' | 'elevator' | 'amenity';

export interface ConformanceProvider {
  readonly signer: ProviderSigningKey;
  readonly keys: ProviderKeys;
  readonly publicJwk: { kty: 'EC'; crv: 'P-256'; x: string; y: string };
  /** The provider audit key (ECDH, PROTOCOL.md §10.1): the lock seals its audit records to it. */
  readonly audit: { readonly keyId: string; readonly privateKey: CryptoKey; readonly publicJwk: { kty: 'EC'; crv: 'P-256'; x: string; y: string } };
}

type PrivateJwk = { kty: 'EC'; crv: 'P-256'; x: string; y: string; d: string };

/** The file `keyrig validate init` writes: the provider's private keys (keep it 0600). */
export interface ProviderKeyFile {
  readonly kid: string;
  readonly private_jwk: PrivateJwk;
  /** The audit key (issue #17); a file without it gets a fresh one, which cannot open the records of a lock provisioned before. */
  readonly audit?: { readonly kid: string; readonly private_jwk: PrivateJwk };
}

const pub = (j: JsonWebKey) => ({ kty: 'EC' as const, crv: 'P-256' as const, x: j.x!, y: j.y! });

export async function makeConformanceProvider(kid = 'conformance-1'): Promise<ConformanceProvider> {
  const kp = await generateSigningKeyPair(true);
  return fromKeyPair(kid, kp, { kid: `${kid}-audit`, pair: await generateEphemeralKeyPair(true) });
}

async function fromKeyPair(kid: string, kp: CryptoKeyPair, audit: { kid: string; pair: CryptoKeyPair }): Promise<ConformanceProvider> {
  const jwk = publicKeyRawToJwk(await exportPublicKeyRaw(kp.publicKey));
  const auditJwk = publicKeyRawToJwk(await exportPublicKeyRaw(audit.pair.publicKey));
  return {
    signer: { keyId: kid, privateKey: kp.privateKey },
    keys: new Map([[kid, kp.publicKey]]),
    publicJwk: pub(jwk),
    audit: { keyId: audit.kid, privateKey: audit.pair.privateKey, publicJwk: pub(auditJwk) },
  };
}

/** The key file content for a provider made with extractable keys. */
export async function providerKeyFile(p: ConformanceProvider): Promise<ProviderKeyFile> {
  const d = await exportPrivateKeyJwk(p.signer.privateKey);
  const a = await exportPrivateKeyJwk(p.audit.privateKey);
  return { kid: p.signer.keyId, private_jwk: { ...p.publicJwk, d: d.d! }, audit: { kid: p.audit.keyId, private_jwk: { ...p.audit.publicJwk, d: a.d! } } };
}

/** Reads a provider key file; a clear error for anything else. */
export async function loadConformanceProvider(path: string): Promise<ConformanceProvider> {
  let json: ProviderKeyFile;
  try {
    json = JSON.parse(readFileSync(path, 'utf8')) as ProviderKeyFile;
  } catch (err) {
    throw new KeyrigError('config', `cannot read provider key file ${path}: ${(err as Error).message}`);
  }
  if (typeof json?.kid !== 'string' || typeof json.private_jwk !== 'object') {
    throw new KeyrigError('config', `${path} is not a provider key file (expected { kid, private_jwk })`);
  }
  const audit = json.audit
    ? { kid: json.audit.kid, pair: await importKeyPairJwk(json.audit.private_jwk, 'ecdh', false) }
    : { kid: `${json.kid}-audit`, pair: await generateEphemeralKeyPair(false) };
  return fromKeyPair(json.kid, await importKeyPairJwk(json.private_jwk, 'ecdsa', false), audit);
}

const YEAR = 365 * 86_400_000;

/**
 * The credential id the conformance provider revoked before provisioning the lock under test: the
 * provisioning record's blocklist names it (PROTOCOL.md §9), so a conforming lock refuses it
 * (REVOKED) without any phone carrying a list (KR/LOCK/ACC/BI-06-C).
 */
export const CONFORMANCE_REVOKED_ID = 'cafe0016-0000-4000-8000-00000000c0de';

/**
 * The version of the provisioned blocklist: a second before `now` in seconds, so every list a test
 * later signs from the harness clock (`ctx.freshBlocklistVersion()`) is newer.
 */
export function provisionedBlocklistVersion(now: number): number {
  return Math.floor(now / 1000) - 1;
}

/** A provisioning record for a lock under test, certificate signed by `provider`. */
export async function provisionConformanceLock(
  provider: ConformanceProvider,
  type: ConformanceLockType,
  now: number,
  o: { lockId?: string; name?: string; timeZone?: string } = {},
): Promise<LockProvisioning> {
  const lockId = o.lockId ?? randomUUID();
  const lock = await generateSigningKeyPair(true);
  const lockRaw = await exportPublicKeyRaw(lock.publicKey);
  const priv = await exportPrivateKeyJwk(lock.privateKey);
  const cert = await signLockCertificate(
    { lockId, lockPublicKey: lockRaw, lockType: LockType[type], securityRevision: 1, notBefore: now - YEAR, notAfter: now + 5 * YEAR },
    provider.signer,
  );
  const issued = new Date(now).toISOString();
  const blocklistVersion = provisionedBlocklistVersion(now);
  const blocklist = await signBlocklist({ version: blocklistVersion, issuedAt: now, revokedCredentialIds: [CONFORMANCE_REVOKED_ID] }, provider.signer);
  return {
    version: 1,
    lock_id: lockId,
    lock_name: o.name ?? `Conformance ${type}`,
    lock_type: type,
    acs_entrance_id: randomUUID(),
    entrance_name: o.name ?? `Conformance ${type}`,
    floors: type === 'elevator' ? [1, 2, 3, 4] : [],
    schedule: type === 'amenity' ? [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '06:00', to: '22:00' }] : null,
    time_zone: o.timeZone ?? 'Europe/Berlin',
    provider_keys: [{ kid: provider.signer.keyId, alg: 'ES256', public_jwk: provider.publicJwk, status: 'active', created_at: issued }],
    lock_key: { private_jwk: { ...pub(priv), d: priv.d! }, public_jwk: pub(publicKeyRawToJwk(lockRaw)) },
    lock_certificate: toBase64Url(cert),
    lock_certificate_kid: provider.signer.keyId,
    blocklist_version: blocklistVersion,
    blocklist: toBase64Url(blocklist),
    provider_audit_key: { kid: provider.audit.keyId, public_jwk: provider.audit.publicJwk },
    issued_at: issued,
  };
}
