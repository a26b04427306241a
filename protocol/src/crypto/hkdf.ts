import { asBufferSource } from './bufferSource.js';
import { subtle } from './subtle.js';

/** HKDF-SHA256 (RFC 5869): `length` bytes from input keying material, salt and info. */
export async function hkdfSha256(
  ikm: Uint8Array,
  salt: Uint8Array,
  info: Uint8Array,
  length: number,
): Promise<Uint8Array> {
  const key = await subtle().importKey('raw', asBufferSource(ikm), 'HKDF', false, ['deriveBits']);
  const bits = await subtle().deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: asBufferSource(salt), info: asBufferSource(info) },
    key,
    length * 8,
  );
  return new Uint8Array(bits);
}
