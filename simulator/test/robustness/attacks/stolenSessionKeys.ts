/**
 * The session keys a modified guest app holds: it chose its own ephemeral key, saw HELLO and
 * LOCK_AUTH, and derives K_p2l / K_l2p as PROTOCOL.md §7.4 writes them. Protocol keeps its key
 * schedule internal (nothing outside it derives session keys), so the attacker derives them from
 * the spec with the public primitives, as a real modified app would; the keys are proven by
 * opening the lock's SESSION_READY with them.
 */
import {
  concatBytes,
  decodeEncryptedEnvelope,
  decodeLockAuth,
  deriveSharedSecret,
  exportPublicKeyRaw,
  hkdfSha256,
  importAesKey,
  openEnvelope,
  sha256,
  utf8,
} from '@keyrig/protocol';

export interface StolenSessionKeys {
  readonly phoneToLock: CryptoKey;
  readonly lockToPhone: CryptoKey;
}

/**
 * Keys of a completed handshake: `fromPhone[0]` is HELLO, `fromLock[0]` LOCK_AUTH and
 * `fromLock[1]` SESSION_READY; `ephemeral` is the phone's injected ephemeral key pair.
 */
export async function stolenSessionKeys(
  fromPhone: readonly Uint8Array[],
  fromLock: readonly Uint8Array[],
  ephemeral: CryptoKeyPair,
): Promise<StolenSessionKeys> {
  const [hello, lockAuthBytes, sessionReady] = [fromPhone[0]!, fromLock[0]!, fromLock[1]!];
  const lockAuth = decodeLockAuth(lockAuthBytes);
  const shared = await deriveSharedSecret(ephemeral.privateKey, lockAuth.lockEphemeralKey);
  const transcript = await sha256(concatBytes(hello, lockAuthBytes, await exportPublicKeyRaw(ephemeral.publicKey)));
  const okm = await hkdfSha256(shared, lockAuth.transactionId, concatBytes(utf8('keyrig/v1 session'), transcript), 64);
  const keys = { phoneToLock: await importAesKey(okm.slice(0, 32)), lockToPhone: await importAesKey(okm.slice(32, 64)) };
  if ((await openEnvelope(keys.lockToPhone, 'lockToPhone', decodeEncryptedEnvelope(sessionReady))) === null) {
    throw new Error('the derived keys do not open SESSION_READY: the attacker does not hold the session keys');
  }
  return keys;
}
