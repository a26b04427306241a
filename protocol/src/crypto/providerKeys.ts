/**
 * Provider (access cloud) signing keys, PROTOCOL.md §5. Several keys may be active at once
 * (rotation); every provider-signed structure names the key id that signed it.
 */
import { KeyrigError } from '../errors.js';
import { importPublicKey } from './keys.js';

/** Key id -> ECDSA P-256 public key, as a lock or phone holds them. */
export type ProviderKeys = ReadonlyMap<string, CryptoKey>;

/** A provider private key with its id, as the cloud holds it. */
export interface ProviderSigningKey {
  readonly keyId: string;
  readonly privateKey: CryptoKey;
}

/** Checks a key id: 1–32 printable ASCII characters (0x21–0x7e). */
export function assertKeyId(keyId: string): void {
  if (!/^[\x21-\x7e]{1,32}$/.test(keyId)) {
    throw new KeyrigError('config', `a key id is 1-32 printable ASCII characters, got "${keyId.slice(0, 40)}"`);
  }
}

/** Builds ProviderKeys from key id -> 65-byte public point entries. */
export async function importProviderKeys(entries: Iterable<readonly [string, Uint8Array]>): Promise<ProviderKeys> {
  const out = new Map<string, CryptoKey>();
  for (const [keyId, raw] of entries) {
    assertKeyId(keyId);
    out.set(keyId, await importPublicKey(raw, 'ecdsa'));
  }
  return out;
}
