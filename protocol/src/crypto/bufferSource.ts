/**
 * WebCrypto wants `BufferSource` backed by an ArrayBuffer (not a SharedArrayBuffer); our
 * Uint8Array values are typed `Uint8Array<ArrayBufferLike>`. This narrows without copying when
 * possible.
 */
export function asBufferSource(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer
    ? (bytes as Uint8Array<ArrayBuffer>)
    : (new Uint8Array(bytes) as Uint8Array<ArrayBuffer>);
}
