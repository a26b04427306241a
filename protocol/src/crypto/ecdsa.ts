/**
 * ECDSA P-256 with SHA-256; signatures are raw r || s (64 bytes), what WebCrypto produces
 * (PROTOCOL.md §5). Every signed structure is signed over `context || body` with a distinct
 * ASCII context, so a signature for one purpose can never be replayed as another.
 */
import { concatBytes, utf8 } from '../bytes.js';
import { asBufferSource } from './bufferSource.js';
import { subtle } from './subtle.js';

/** Length of a raw r || s P-256 signature. */
export const SIGNATURE_LENGTH = 64;

/** Signature contexts (domain separation), PROTOCOL.md §5–§9. */
export const SignatureContext = {
  LOCK_CERT: 'keyrig/v1 lock-cert',
  CREDENTIAL: 'keyrig/v1 credential',
  LOCK_AUTH: 'keyrig/v1 lock-auth',
  ENDPOINT_AUTH: 'keyrig/v1 endpoint-auth',
  BLOCKLIST: 'keyrig/v1 blocklist',
  TIME_SYNC: 'keyrig/v1 time-sync',
  AUDIT: 'keyrig/v1 audit',
} as const;
export type SignatureContextValue = (typeof SignatureContext)[keyof typeof SignatureContext];

/** Signs `data` (already including its context) with an ECDSA P-256 private key. */
export async function signEcdsa(privateKey: CryptoKey, data: Uint8Array): Promise<Uint8Array> {
  const sig = await subtle().sign({ name: 'ECDSA', hash: 'SHA-256' }, privateKey, asBufferSource(data));
  return new Uint8Array(sig);
}

/** Verifies a raw r || s signature; any malformed signature is simply `false`. */
export async function verifyEcdsa(publicKey: CryptoKey, signature: Uint8Array, data: Uint8Array): Promise<boolean> {
  if (signature.length !== SIGNATURE_LENGTH) return false;
  try {
    return await subtle().verify(
      { name: 'ECDSA', hash: 'SHA-256' },
      publicKey,
      asBufferSource(signature),
      asBufferSource(data),
    );
  } catch {
    return false;
  }
}

/** Signs `context || body`. */
export function signWithContext(privateKey: CryptoKey, context: SignatureContextValue, body: Uint8Array): Promise<Uint8Array> {
  return signEcdsa(privateKey, concatBytes(utf8(context), body));
}

/** Verifies a signature over `context || body`. */
export function verifyWithContext(
  publicKey: CryptoKey,
  context: SignatureContextValue,
  body: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  return verifyEcdsa(publicKey, signature, concatBytes(utf8(context), body));
}
