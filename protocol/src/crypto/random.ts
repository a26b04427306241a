/**
 * Randomness is injectable so handshake vectors (transaction ids) are reproducible in tests.
 */
import { KeyrigError } from '../errors.js';

/** Returns `length` random bytes. */
export type RandomSource = (length: number) => Uint8Array;

/** Cryptographically secure randomness from `globalThis.crypto.getRandomValues`. */
export const systemRandom: RandomSource = (length) => {
  const out = new Uint8Array(length);
  // getRandomValues fills at most 65536 bytes per call.
  for (let i = 0; i < length; i += 65536) {
    globalThis.crypto.getRandomValues(out.subarray(i, Math.min(length, i + 65536)));
  }
  return out;
};

/**
 * A source that hands out the given bytes in order, then fails: for test vectors only, so a
 * test that draws more randomness than it pinned fails loudly instead of repeating bytes.
 */
export function fixedRandom(...chunks: readonly Uint8Array[]): RandomSource {
  const queue = [...chunks];
  return (length) => {
    const next = queue.shift();
    if (next === undefined || next.length !== length) {
      throw new KeyrigError(
        'config',
        `fixedRandom: asked for ${length} bytes, next pinned chunk has ${next?.length ?? 'none'}`,
      );
    }
    return next.slice();
  };
}
