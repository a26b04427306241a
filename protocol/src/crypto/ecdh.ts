import { MalformedMessageError } from '../errors.js';
import { importPublicKey } from './keys.js';
import { subtle } from './subtle.js';

/** Length of the ECDH shared secret (the X coordinate of the shared point). */
export const SHARED_SECRET_LENGTH = 32;

/**
 * ECDH P-256: the 32-byte X coordinate of privateKey × peer point (PROTOCOL.md §7).
 * Throws MalformedMessageError when the peer bytes are not a valid point.
 */
export async function deriveSharedSecret(privateKey: CryptoKey, peerPublicRaw: Uint8Array): Promise<Uint8Array> {
  const peer = await importPublicKey(peerPublicRaw, 'ecdh');
  try {
    const bits = await subtle().deriveBits({ name: 'ECDH', public: peer }, privateKey, SHARED_SECRET_LENGTH * 8);
    return new Uint8Array(bits);
  } catch (cause) {
    throw new MalformedMessageError('ECDH failed with the peer key', { cause });
  }
}
