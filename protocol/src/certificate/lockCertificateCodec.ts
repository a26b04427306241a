/** Lock certificate body encoding (PROTOCOL.md §5). */
import { bytesToUuid, uuidToBytes } from '../bytes.js';
import { PUBLIC_KEY_LENGTH } from '../crypto/keys.js';
import { assertKeyId } from '../crypto/providerKeys.js';
import { MalformedMessageError } from '../errors.js';
import { isLockType } from '../gatt/LockType.js';
import { encodeTlv, tlvBytes, tlvString, tlvU64, tlvU8, TlvReader } from '../tlv.js';
import type { LockCertificate } from './LockCertificate.js';

/** TLV tags of the lock certificate body (§5). */
export const LockCertificateTag = {
  LOCK_ID: 0x01,
  LOCK_PUBLIC_KEY: 0x02,
  LOCK_TYPE: 0x03,
  SECURITY_REVISION: 0x04,
  NOT_BEFORE: 0x05,
  NOT_AFTER: 0x06,
  KEY_ID: 0x07,
} as const;
const T = LockCertificateTag;
const names = Object.fromEntries(Object.entries(T).map(([k, v]) => [v, k.toLowerCase()]));

/** Encodes the body the provider signs. Throws MalformedMessageError on bad fields. */
export function encodeLockCertificateBody(cert: LockCertificate): Uint8Array {
  assertKeyId(cert.keyId);
  if (cert.lockPublicKey.length !== PUBLIC_KEY_LENGTH) throw new MalformedMessageError('lock public key must be 65 bytes');
  if (!isLockType(cert.lockType)) throw new MalformedMessageError(`unknown lock type ${cert.lockType}`);
  if (cert.notAfter <= cert.notBefore) throw new MalformedMessageError('notAfter must be after notBefore');
  return encodeTlv([
    tlvBytes(T.LOCK_ID, uuidToBytes(cert.lockId)),
    tlvBytes(T.LOCK_PUBLIC_KEY, cert.lockPublicKey),
    tlvU8(T.LOCK_TYPE, cert.lockType),
    tlvU8(T.SECURITY_REVISION, cert.securityRevision),
    tlvU64(T.NOT_BEFORE, cert.notBefore),
    tlvU64(T.NOT_AFTER, cert.notAfter),
    tlvString(T.KEY_ID, cert.keyId),
  ]);
}

/** Decodes a certificate body. Throws MalformedMessageError. */
export function decodeLockCertificateBody(body: Uint8Array): LockCertificate {
  const r = new TlvReader(body, { knownTags: Object.values(T), tagNames: names, context: 'lock certificate' });
  const lockType = r.u8(T.LOCK_TYPE);
  if (!isLockType(lockType)) throw new MalformedMessageError(`lock certificate: unknown lock type ${lockType}`);
  return {
    lockId: bytesToUuid(r.bytes(T.LOCK_ID, { length: 16 })),
    lockPublicKey: r.bytes(T.LOCK_PUBLIC_KEY, { length: PUBLIC_KEY_LENGTH }).slice(),
    lockType,
    securityRevision: r.u8(T.SECURITY_REVISION),
    notBefore: r.u64(T.NOT_BEFORE),
    notAfter: r.u64(T.NOT_AFTER),
    keyId: r.string(T.KEY_ID, { maxLength: 32 }),
  };
}
