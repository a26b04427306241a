/**
 * The provider-signed envelope shared by lock certificates, credential documents, blocklists and
 * time syncs (PROTOCOL.md §5): TLV { 0x01 body | 0x02 signature (64 bytes r||s) }, the signature
 * over `context || body`. The body names the signing key id, so the key is part of what is signed.
 */
import { MalformedMessageError } from '../errors.js';
import { ResultCode } from '../resultCodes.js';
import { encodeTlv, tlvBytes, TlvReader } from '../tlv.js';
import { SIGNATURE_LENGTH, signWithContext, verifyWithContext, type SignatureContextValue } from './ecdsa.js';
import { assertKeyId, type ProviderKeys, type ProviderSigningKey } from './providerKeys.js';
import { refused, verified, type Verification } from './verification.js';

const TAG_BODY = 0x01;
const TAG_SIGNATURE = 0x02;

/** A decoded (not yet verified) envelope. */
export interface SignedEnvelope {
  readonly body: Uint8Array;
  readonly signature: Uint8Array;
}

/** Envelope bytes from a body and its signature. */
export function encodeSignedEnvelope(envelope: SignedEnvelope): Uint8Array {
  return encodeTlv([tlvBytes(TAG_BODY, envelope.body), tlvBytes(TAG_SIGNATURE, envelope.signature)]);
}

/** Splits envelope bytes; throws MalformedMessageError naming `what` when they are not one. */
export function decodeSignedEnvelope(bytes: Uint8Array, what: string): SignedEnvelope {
  const r = new TlvReader(bytes, {
    knownTags: [TAG_BODY, TAG_SIGNATURE],
    tagNames: { [TAG_BODY]: 'body', [TAG_SIGNATURE]: 'signature' },
    context: what,
  });
  return { body: r.bytes(TAG_BODY), signature: r.bytes(TAG_SIGNATURE, { length: SIGNATURE_LENGTH }) };
}

/** Signs a body with a provider key; returns the envelope bytes. */
export async function signEnvelope(
  signer: ProviderSigningKey,
  context: SignatureContextValue,
  body: Uint8Array,
): Promise<Uint8Array> {
  assertKeyId(signer.keyId);
  const signature = await signWithContext(signer.privateKey, context, body);
  return encodeSignedEnvelope({ body, signature });
}

/**
 * Checks an envelope's signature with the provider key it names:
 * UNKNOWN_PROVIDER_KEY when the key id is not known, BAD_SIGNATURE when it does not verify.
 */
export async function verifyEnvelopeSignature(
  envelope: SignedEnvelope,
  keyId: string,
  providerKeys: ProviderKeys,
  context: SignatureContextValue,
): Promise<Verification<void>> {
  const key = providerKeys.get(keyId);
  if (key === undefined) return refused(ResultCode.UNKNOWN_PROVIDER_KEY, `provider key "${keyId}" is not known`);
  const ok = await verifyWithContext(key, context, envelope.body, envelope.signature);
  return ok ? verified(undefined) : refused(ResultCode.BAD_SIGNATURE, `${context} signature does not verify`);
}

/** Runs a decoder; a MalformedMessageError becomes a MALFORMED refusal (data), anything else rethrows. */
export function decodeAsVerification<T>(decode: () => T): Verification<T> {
  try {
    return verified(decode());
  } catch (e) {
    if (e instanceof MalformedMessageError) return refused(ResultCode.MALFORMED, e.message);
    throw e;
  }
}
