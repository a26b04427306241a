import { KeyrigError } from '../errors.js';

/** The platform's WebCrypto (`globalThis.crypto.subtle`), present in browsers and Node >= 20. */
export function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (s === undefined) {
    throw new KeyrigError('unsupported', 'WebCrypto (globalThis.crypto.subtle) is not available');
  }
  return s;
}
