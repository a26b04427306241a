/** Signing and verifying provider blobs (PROTOCOL.md §9). */
import { SignatureContext } from '../crypto/ecdsa.js';
import type { ProviderKeys, ProviderSigningKey } from '../crypto/providerKeys.js';
import { decodeAsVerification, decodeSignedEnvelope, signEnvelope, verifyEnvelopeSignature } from '../crypto/signedEnvelope.js';
import { verified, type Verification } from '../crypto/verification.js';
import { decodeBlocklistBody, decodeTimeSyncBody, encodeBlocklistBody, encodeTimeSyncBody } from './blobCodec.js';
import type { Blocklist, BlocklistFields, TimeSync, TimeSyncFields } from './blobTypes.js';

/**
 * Signs a blocklist (the cloud calls this when credentials are revoked). Returns envelope
 * bytes: TLV { body, ES256 over "keyrig/v1 blocklist" || body }.
 */
export function signBlocklist(fields: BlocklistFields, signer: ProviderSigningKey): Promise<Uint8Array> {
  return signEnvelope(signer, SignatureContext.BLOCKLIST, encodeBlocklistBody({ ...fields, keyId: signer.keyId }));
}

/**
 * Signs a time sync (the cloud's current time, optionally for one lock). Returns envelope
 * bytes: TLV { body, ES256 over "keyrig/v1 time-sync" || body }.
 */
export function signTimeSync(fields: TimeSyncFields, signer: ProviderSigningKey): Promise<Uint8Array> {
  return signEnvelope(signer, SignatureContext.TIME_SYNC, encodeTimeSyncBody({ ...fields, keyId: signer.keyId }));
}

/** Verifies a blocklist: MALFORMED, UNKNOWN_PROVIDER_KEY or BAD_SIGNATURE on failure. */
export async function verifyBlocklist(bytes: Uint8Array, providerKeys: ProviderKeys): Promise<Verification<Blocklist>> {
  const d = decodeAsVerification(() => {
    const envelope = decodeSignedEnvelope(bytes, 'blocklist');
    return { envelope, value: decodeBlocklistBody(envelope.body) };
  });
  if (!d.ok) return d;
  const sig = await verifyEnvelopeSignature(d.value.envelope, d.value.value.keyId, providerKeys, SignatureContext.BLOCKLIST);
  return sig.ok ? verified(d.value.value) : sig;
}

/** Verifies a time sync: MALFORMED, UNKNOWN_PROVIDER_KEY or BAD_SIGNATURE on failure. */
export async function verifyTimeSync(bytes: Uint8Array, providerKeys: ProviderKeys): Promise<Verification<TimeSync>> {
  const d = decodeAsVerification(() => {
    const envelope = decodeSignedEnvelope(bytes, 'time sync');
    return { envelope, value: decodeTimeSyncBody(envelope.body) };
  });
  if (!d.ok) return d;
  const sig = await verifyEnvelopeSignature(d.value.envelope, d.value.value.keyId, providerKeys, SignatureContext.TIME_SYNC);
  return sig.ok ? verified(d.value.value) : sig;
}

/** Decodes blocklist bytes without verifying (for display). Throws MalformedMessageError. */
export function decodeBlocklist(bytes: Uint8Array): Blocklist {
  return decodeBlocklistBody(decodeSignedEnvelope(bytes, 'blocklist').body);
}

/** Decodes time sync bytes without verifying. Throws MalformedMessageError. */
export function decodeTimeSync(bytes: Uint8Array): TimeSync {
  return decodeTimeSyncBody(decodeSignedEnvelope(bytes, 'time sync').body);
}
