/** Signing and verifying lock certificates (PROTOCOL.md §5). */
import { SignatureContext } from '../crypto/ecdsa.js';
import { importPublicKey } from '../crypto/keys.js';
import type { ProviderKeys, ProviderSigningKey } from '../crypto/providerKeys.js';
import {
  decodeAsVerification,
  decodeSignedEnvelope,
  signEnvelope,
  verifyEnvelopeSignature,
} from '../crypto/signedEnvelope.js';
import { refused, verified, type Verification } from '../crypto/verification.js';
import { ResultCode } from '../resultCodes.js';
import type { LockCertificate, LockCertificateFields, VerifiedLockCertificate } from './LockCertificate.js';
import { decodeLockCertificateBody, encodeLockCertificateBody } from './lockCertificateCodec.js';

/**
 * Signs a lock certificate with a provider key (the cloud calls this when it provisions a lock).
 * Returns envelope bytes: TLV { body, ES256 over "keyrig/v1 lock-cert" || body }.
 */
export async function signLockCertificate(
  fields: LockCertificateFields,
  signer: ProviderSigningKey,
): Promise<Uint8Array> {
  const body = encodeLockCertificateBody({ ...fields, keyId: signer.keyId });
  return signEnvelope(signer, SignatureContext.LOCK_CERT, body);
}

/** Parses certificate bytes without verifying. Throws MalformedMessageError. */
export function decodeLockCertificate(bytes: Uint8Array): LockCertificate {
  return decodeLockCertificateBody(decodeSignedEnvelope(bytes, 'lock certificate').body);
}

/**
 * Verifies a lock certificate against the provider keys and, when `atTime` is given, its
 * validity period. Refusals (data): MALFORMED, UNKNOWN_PROVIDER_KEY, BAD_SIGNATURE,
 * NOT_YET_VALID, EXPIRED.
 */
export async function verifyLockCertificate(
  bytes: Uint8Array,
  providerKeys: ProviderKeys,
  atTime?: number,
): Promise<Verification<VerifiedLockCertificate>> {
  const decoded = decodeAsVerification(() => {
    const envelope = decodeSignedEnvelope(bytes, 'lock certificate');
    return { envelope, certificate: decodeLockCertificateBody(envelope.body) };
  });
  if (!decoded.ok) return decoded;
  const { envelope, certificate } = decoded.value;
  const sig = await verifyEnvelopeSignature(envelope, certificate.keyId, providerKeys, SignatureContext.LOCK_CERT);
  if (!sig.ok) return sig;
  if (atTime !== undefined && atTime < certificate.notBefore) {
    return refused(ResultCode.NOT_YET_VALID, 'lock certificate is not valid yet');
  }
  if (atTime !== undefined && atTime >= certificate.notAfter) {
    return refused(ResultCode.EXPIRED, 'lock certificate has expired');
  }
  let lockKey: CryptoKey;
  try {
    lockKey = await importPublicKey(certificate.lockPublicKey, 'ecdsa');
  } catch (e) {
    return refused(ResultCode.MALFORMED, e instanceof Error ? e.message : 'bad lock key');
  }
  return verified({ certificate, bytes, lockKey });
}
