/**
 * AES-256-GCM with the per-direction IV (PROTOCOL.md §4, §7): IV = 8-byte direction prefix ||
 * counter u32 big-endian; AAD = message type || counter (big-endian); 16-byte tag appended.
 */
import { concatBytes, utf8 } from '../bytes.js';
import { KeyrigError } from '../errors.js';
import { asBufferSource } from './bufferSource.js';
import { subtle } from './subtle.js';

/** Length of the GCM authentication tag appended to every ciphertext. */
export const GCM_TAG_LENGTH = 16;

/** Who sends: each direction has its own key and IV prefix. */
export type Direction = 'phoneToLock' | 'lockToPhone';

/** The 8-byte IV prefixes, ASCII "KRv1P2L\0" and "KRv1L2P\0". */
export const DIRECTION_PREFIX: Readonly<Record<Direction, Uint8Array>> = {
  phoneToLock: concatBytes(utf8('KRv1P2L'), Uint8Array.of(0)),
  lockToPhone: concatBytes(utf8('KRv1L2P'), Uint8Array.of(0)),
};

/** Big-endian u32 (the counter is big-endian so the IV reads as a number). */
export function counterBytes(counter: number): Uint8Array {
  if (!Number.isInteger(counter) || counter < 0 || counter > 0xffff_ffff) {
    throw new KeyrigError('state', `counter ${counter} is outside u32`);
  }
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, counter, false);
  return out;
}

/** The 12-byte IV for a direction and counter. */
export function directionIv(direction: Direction, counter: number): Uint8Array {
  return concatBytes(DIRECTION_PREFIX[direction], counterBytes(counter));
}

/** Imports a 32-byte AES-256-GCM key (non-extractable). */
export async function importAesKey(raw: Uint8Array): Promise<CryptoKey> {
  if (raw.length !== 32) throw new KeyrigError('crypto', `AES-256 key must be 32 bytes, got ${raw.length}`);
  return subtle().importKey('raw', asBufferSource(raw), 'AES-GCM', false, ['encrypt', 'decrypt']);
}

/** Encrypts; returns ciphertext || 16-byte tag. */
export async function sealAesGcm(key: CryptoKey, iv: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Promise<Uint8Array> {
  const out = await subtle().encrypt(
    { name: 'AES-GCM', iv: asBufferSource(iv), additionalData: asBufferSource(aad), tagLength: 128 },
    key,
    asBufferSource(plaintext),
  );
  return new Uint8Array(out);
}

/** Decrypts ciphertext || tag; returns null when authentication fails (a result, not an error). */
export async function openAesGcm(key: CryptoKey, iv: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Promise<Uint8Array | null> {
  if (sealed.length < GCM_TAG_LENGTH) return null;
  try {
    const out = await subtle().decrypt(
      { name: 'AES-GCM', iv: asBufferSource(iv), additionalData: asBufferSource(aad), tagLength: 128 },
      key,
      asBufferSource(sealed),
    );
    return new Uint8Array(out);
  } catch {
    return null;
  }
}
