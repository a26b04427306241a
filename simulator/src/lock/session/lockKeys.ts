/**
 * The key material a lock loads from its provisioning (PROTOCOL.md §5): its own ECDSA key (signs
 * LOCK_AUTH), its provider-signed certificate, and the provider verification keys by key id
 * (rotation: every key not revoked is accepted). Private keys are imported non-extractable.
 */
import {
  bytesEqual,
  decodeLockCertificate,
  fromBase64Url,
  importKeyPairJwk,
  importPublicKey,
  jwkToPublicKeyRaw,
  KeyrigError,
  type AuditSealKey,
  type ProviderKeys,
} from '@keyrig/protocol';
import type { LockProvisioning } from '../../property/provisioning.js';

export interface LockKeys {
  readonly lockPrivateKey: CryptoKey;
  readonly certificate: Uint8Array;
  readonly providerKeys: ProviderKeys;
  /** The certificate's security revision (advertised in §1 byte [4]). */
  readonly securityRevision: number;
  /** The provider audit key records are sealed to (§10.1); undefined in a file from before #17. */
  readonly auditKey: AuditSealKey | undefined;
}

export async function loadLockKeys(p: LockProvisioning): Promise<LockKeys> {
  if (p.lock_certificate === null) {
    throw new KeyrigError('config', `lock ${p.lock_id} has no lock certificate in its provisioning: re-provision it with the security layer enabled`);
  }
  const { privateKey } = await importKeyPairJwk(p.lock_key.private_jwk, 'ecdsa', false);
  const providerKeys = new Map<string, CryptoKey>();
  for (const k of p.provider_keys) {
    if (k.status === 'revoked') continue;
    providerKeys.set(k.kid, await importPublicKey(jwkToPublicKeyRaw(k.public_jwk), 'ecdsa'));
  }
  if (providerKeys.size === 0) throw new KeyrigError('config', `lock ${p.lock_id}: every provider key is revoked`);
  const certificate = fromBase64Url(p.lock_certificate);
  let cert;
  try {
    cert = decodeLockCertificate(certificate);
  } catch (cause) {
    throw new KeyrigError('config', `lock ${p.lock_id}: the lock certificate does not decode`, { cause });
  }
  // A certificate for another lock or another key would make every phone refuse this lock.
  if (cert.lockId !== p.lock_id.toLowerCase()) {
    throw new KeyrigError('config', `lock ${p.lock_id}: its certificate is for lock ${cert.lockId}`);
  }
  if (!bytesEqual(cert.lockPublicKey, jwkToPublicKeyRaw(p.lock_key.public_jwk))) {
    throw new KeyrigError('config', `lock ${p.lock_id}: its certificate names another lock key`);
  }
  let auditKey: AuditSealKey | undefined;
  if (p.provider_audit_key) {
    const publicKey = jwkToPublicKeyRaw(p.provider_audit_key.public_jwk);
    try {
      await importPublicKey(publicKey, 'ecdh'); // the point must be on the curve
    } catch (cause) {
      throw new KeyrigError('config', `lock ${p.lock_id}: provider_audit_key is not a P-256 public key`, { cause });
    }
    auditKey = { keyId: p.provider_audit_key.kid, publicKey };
  }
  return { lockPrivateKey: privateKey, certificate, providerKeys, securityRevision: cert.securityRevision, auditKey };
}
