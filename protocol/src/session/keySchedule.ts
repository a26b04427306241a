/**
 * Session key derivation and the handshake's signed inputs (PROTOCOL.md §7). Internal to the two
 * session state machines: not exported from the package (a lock model changes a decision through
 * `LockChecks`, never re-derives keys); protocol's own vector tests import it by path.
 */
import { concatBytes, utf8, uuidToBytes } from '../bytes.js';
import { importAesKey } from '../crypto/aesGcm.js';
import { hkdfSha256 } from '../crypto/hkdf.js';
import { sha256 } from '../crypto/sha256.js';

/** HKDF info prefix; the transcript hash follows it. */
export const SESSION_INFO_PREFIX = 'keyrig/v1 session';

/** Raw per-direction AES-256 keys (exposed for test vectors; sessions keep them non-extractable). */
export interface SessionKeyMaterial {
  readonly phoneToLock: Uint8Array;
  readonly lockToPhone: Uint8Array;
}

/** Imported per-direction AES-GCM keys. */
export interface SessionKeys {
  readonly phoneToLock: CryptoKey;
  readonly lockToPhone: CryptoKey;
}

/** SHA-256(HELLO bytes || LOCK_AUTH bytes || phone ephemeral key (65)). */
export function transcriptHash(hello: Uint8Array, lockAuth: Uint8Array, phoneEphemeralKey: Uint8Array): Promise<Uint8Array> {
  return sha256(concatBytes(hello, lockAuth, phoneEphemeralKey));
}

/**
 * HKDF-SHA256(ikm = ECDH shared X, salt = transaction id, info = "keyrig/v1 session" ||
 * transcript hash, L = 64): bytes 0..31 phone->lock key, 32..63 lock->phone key.
 */
export async function deriveSessionKeyMaterial(
  sharedSecret: Uint8Array,
  transactionId: Uint8Array,
  transcript: Uint8Array,
): Promise<SessionKeyMaterial> {
  const okm = await hkdfSha256(sharedSecret, transactionId, concatBytes(utf8(SESSION_INFO_PREFIX), transcript), 64);
  return { phoneToLock: okm.slice(0, 32), lockToPhone: okm.slice(32, 64) };
}

/** Imports key material as non-extractable AES-GCM keys. */
export async function importSessionKeys(m: SessionKeyMaterial): Promise<SessionKeys> {
  return { phoneToLock: await importAesKey(m.phoneToLock), lockToPhone: await importAesKey(m.lockToPhone) };
}

/**
 * The endpoint signature's body (context "keyrig/v1 endpoint-auth" is prepended by
 * signWithContext): transaction id (16) || lock id (16) || lock ephemeral key (65) ||
 * phone ephemeral key (65) || SHA-256(credential document bytes).
 */
export async function endpointAuthBody(
  transactionId: Uint8Array,
  lockId: string,
  lockEphemeralKey: Uint8Array,
  phoneEphemeralKey: Uint8Array,
  credentialBytes: Uint8Array,
): Promise<Uint8Array> {
  return concatBytes(transactionId, uuidToBytes(lockId), lockEphemeralKey, phoneEphemeralKey, await sha256(credentialBytes));
}

/** Highest version in both lists, or undefined when none is shared. */
export function highestCommonVersion(a: readonly number[], b: readonly number[]): number | undefined {
  const common = a.filter((v) => b.includes(v));
  return common.length === 0 ? undefined : Math.max(...common);
}
