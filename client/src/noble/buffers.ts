/** Buffer <-> Uint8Array at the noble edge, so the core only ever sees plain Uint8Arrays. */

/** A copy as a plain Uint8Array (Buffer#slice shares memory; the core must not be surprised). */
export function toBytes(buf: Uint8Array): Uint8Array {
  return new Uint8Array(buf);
}

/** A Buffer view on the same memory (noble wants Buffers). */
export function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
