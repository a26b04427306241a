import { SignatureContext } from '../crypto/ecdsa.js';
import type { ProviderKeys } from '../crypto/providerKeys.js';
import { decodeAsVerification, decodeSignedEnvelope, verifyEnvelopeSignature } from '../crypto/signedEnvelope.js';
import { verified, type Verification } from '../crypto/verification.js';
import type { CredentialDocument, VerifiedCredential } from './CredentialDocument.js';
import { decodeCredentialBody } from './credentialCodec.js';

/**
 * Parses document bytes without checking the signature (a phone reading what it holds).
 * Throws MalformedMessageError.
 */
export function decodeCredentialDocument(bytes: Uint8Array): CredentialDocument {
  return decodeCredentialBody(decodeSignedEnvelope(bytes, 'credential document').body);
}

/**
 * Verifies a credential document's provider signature (PROTOCOL.md §6). Returns data:
 * MALFORMED, UNKNOWN_PROVIDER_KEY or BAD_SIGNATURE on failure (in that order). Validity times,
 * scope and schedule are the access decision's job (`evaluateAccess`).
 */
export async function verifyCredentialDocument(
  bytes: Uint8Array,
  providerKeys: ProviderKeys,
): Promise<Verification<VerifiedCredential>> {
  const decoded = decodeAsVerification(() => {
    const envelope = decodeSignedEnvelope(bytes, 'credential document');
    return { envelope, document: decodeCredentialBody(envelope.body) };
  });
  if (!decoded.ok) return decoded;
  const { envelope, document } = decoded.value;
  const sig = await verifyEnvelopeSignature(envelope, document.keyId, providerKeys, SignatureContext.CREDENTIAL);
  if (!sig.ok) return sig;
  return verified({ document, bytes });
}
