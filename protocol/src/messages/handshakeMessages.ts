/**
 * Clear handshake messages HELLO and LOCK_AUTH, and the clear ERROR (PROTOCOL.md §7):
 * `type u8 | TLV fields`.
 */
import { bytesToUuid, concatBytes, utf8, uuidToBytes } from '../bytes.js';
import { SIGNATURE_LENGTH } from '../crypto/ecdsa.js';
import { PUBLIC_KEY_LENGTH } from '../crypto/keys.js';
import { MalformedMessageError } from '../errors.js';
import { encodeTlv, tlvBytes, tlvU32, tlvU64, tlvU8, tlvU8List, TlvReader, tlvString, type TlvField } from '../tlv.js';
import { expectMessageType, MessageType } from './MessageType.js';

/** Length of the lock's transaction id. */
export const TRANSACTION_ID_LENGTH = 16;
/** Longest ERROR reason, in UTF-8 bytes. */
export const ERROR_REASON_MAX = 64;

/** HELLO (phone -> lock, clear). */
export interface Hello {
  /** Protocol versions the phone speaks (1..255 each, at most 16). */
  readonly versions: readonly number[];
  /** Phone feature bits (u32, none defined in v1). */
  readonly features: number;
}

/** LOCK_AUTH (lock -> phone, clear), signed by the lock key. */
export interface LockAuth {
  readonly selectedVersion: number;
  readonly lockVersions: readonly number[];
  /** 65-byte ECDH P-256 point. */
  readonly lockEphemeralKey: Uint8Array;
  readonly transactionId: Uint8Array;
  readonly lockId: string;
  /** The lock certificate envelope (§5). */
  readonly certificate: Uint8Array;
  /** Lock time (ms); 0 when the lock clock is unset. */
  readonly lockTime: number;
  readonly signature: Uint8Array;
}

/** ERROR body (clear or encrypted). */
export interface ErrorBody {
  /** ResultCode value. */
  readonly code: number;
  readonly reason?: string | undefined;
}

const HelloTag = { VERSIONS: 0x01, FEATURES: 0x02 } as const;
export const LockAuthTag = {
  SELECTED_VERSION: 0x01,
  LOCK_VERSIONS: 0x02,
  LOCK_EPHEMERAL_KEY: 0x03,
  TRANSACTION_ID: 0x04,
  LOCK_ID: 0x05,
  CERTIFICATE: 0x06,
  LOCK_TIME: 0x07,
  SIGNATURE: 0x08,
} as const;
const ErrorTag = { CODE: 0x01, REASON: 0x02 } as const;

function checkVersions(versions: readonly number[], what: string): void {
  if (versions.length === 0 || versions.length > 16 || versions.some((v) => !Number.isInteger(v) || v < 1 || v > 255)) {
    throw new MalformedMessageError(`${what}: versions must be 1..16 values in 1..255, got [${versions.join(', ')}]`);
  }
}

export function encodeHello(h: Hello): Uint8Array {
  checkVersions(h.versions, 'HELLO');
  return concatBytes(
    Uint8Array.of(MessageType.HELLO),
    encodeTlv([tlvU8List(HelloTag.VERSIONS, h.versions), tlvU32(HelloTag.FEATURES, h.features)]),
  );
}

export function decodeHello(message: Uint8Array): Hello {
  expectMessageType(message, MessageType.HELLO);
  const r = new TlvReader(message.subarray(1), {
    knownTags: Object.values(HelloTag),
    tagNames: { 1: 'versions', 2: 'features' },
    context: 'HELLO',
  });
  const versions = r.u8List(HelloTag.VERSIONS);
  checkVersions(versions, 'HELLO');
  return { versions, features: r.u32(HelloTag.FEATURES) };
}

function lockAuthFields(a: Omit<LockAuth, 'signature'>): TlvField[] {
  checkVersions(a.lockVersions, 'LOCK_AUTH');
  if (a.lockEphemeralKey.length !== PUBLIC_KEY_LENGTH) throw new MalformedMessageError('LOCK_AUTH: ephemeral key must be 65 bytes');
  if (a.transactionId.length !== TRANSACTION_ID_LENGTH) throw new MalformedMessageError('LOCK_AUTH: transaction id must be 16 bytes');
  return [
    tlvU8(LockAuthTag.SELECTED_VERSION, a.selectedVersion),
    tlvU8List(LockAuthTag.LOCK_VERSIONS, a.lockVersions),
    tlvBytes(LockAuthTag.LOCK_EPHEMERAL_KEY, a.lockEphemeralKey),
    tlvBytes(LockAuthTag.TRANSACTION_ID, a.transactionId),
    tlvBytes(LockAuthTag.LOCK_ID, uuidToBytes(a.lockId)),
    tlvBytes(LockAuthTag.CERTIFICATE, a.certificate),
    tlvU64(LockAuthTag.LOCK_TIME, a.lockTime),
  ];
}

export function encodeLockAuth(a: LockAuth): Uint8Array {
  if (a.signature.length !== SIGNATURE_LENGTH) throw new MalformedMessageError('LOCK_AUTH: signature must be 64 bytes');
  return concatBytes(
    Uint8Array.of(MessageType.LOCK_AUTH),
    encodeTlv([...lockAuthFields(a), tlvBytes(LockAuthTag.SIGNATURE, a.signature)]),
  );
}

export function decodeLockAuth(message: Uint8Array): LockAuth {
  expectMessageType(message, MessageType.LOCK_AUTH);
  const T = LockAuthTag;
  const r = new TlvReader(message.subarray(1), {
    knownTags: Object.values(T),
    tagNames: Object.fromEntries(Object.entries(T).map(([k, v]) => [v, k.toLowerCase()])),
    context: 'LOCK_AUTH',
  });
  const lockVersions = r.u8List(T.LOCK_VERSIONS);
  checkVersions(lockVersions, 'LOCK_AUTH');
  return {
    selectedVersion: r.u8(T.SELECTED_VERSION),
    lockVersions,
    lockEphemeralKey: r.bytes(T.LOCK_EPHEMERAL_KEY, { length: PUBLIC_KEY_LENGTH }).slice(),
    transactionId: r.bytes(T.TRANSACTION_ID, { length: TRANSACTION_ID_LENGTH }).slice(),
    lockId: bytesToUuid(r.bytes(T.LOCK_ID, { length: 16 })),
    certificate: r.bytes(T.CERTIFICATE).slice(),
    lockTime: r.u64(T.LOCK_TIME),
    signature: r.bytes(T.SIGNATURE, { length: SIGNATURE_LENGTH }).slice(),
  };
}

/**
 * What the lock signs in LOCK_AUTH (§7): "keyrig/v1 lock-auth" is prepended by signWithContext;
 * this returns SHA-256(HELLO) || selected version u8 || count u8 || lock versions || lock
 * ephemeral key (65) || transaction id (16) || lock id (16) || lock time u64 LE.
 */
export function lockAuthSignedBody(helloHash: Uint8Array, a: Omit<LockAuth, 'signature' | 'certificate'>): Uint8Array {
  const time = new Uint8Array(8);
  const view = new DataView(time.buffer);
  view.setUint32(0, a.lockTime % 0x1_0000_0000, true);
  view.setUint32(4, Math.floor(a.lockTime / 0x1_0000_0000), true);
  return concatBytes(
    helloHash,
    Uint8Array.of(a.selectedVersion, a.lockVersions.length, ...a.lockVersions),
    a.lockEphemeralKey,
    a.transactionId,
    uuidToBytes(a.lockId),
    time,
  );
}

/** ERROR body TLV (used clear after the type byte, or as the encrypted plaintext). */
export function encodeErrorBody(e: ErrorBody): Uint8Array {
  const fields = [tlvU8(ErrorTag.CODE, e.code)];
  if (e.reason !== undefined) {
    // Truncate on a character boundary so the reason stays valid UTF-8.
    let reason = e.reason;
    while (utf8(reason).length > ERROR_REASON_MAX) reason = reason.slice(0, -1);
    fields.push(tlvString(ErrorTag.REASON, reason));
  }
  return encodeTlv(fields);
}

export function decodeErrorBody(body: Uint8Array): ErrorBody {
  const r = new TlvReader(body, { knownTags: Object.values(ErrorTag), tagNames: { 1: 'code', 2: 'reason' }, context: 'ERROR' });
  const reason = r.optionalString(ErrorTag.REASON, { maxLength: ERROR_REASON_MAX });
  return reason === undefined ? { code: r.u8(ErrorTag.CODE) } : { code: r.u8(ErrorTag.CODE), reason };
}

/** A clear ERROR message: 0x7F | error TLV. */
export function encodeClearError(e: ErrorBody): Uint8Array {
  return concatBytes(Uint8Array.of(MessageType.ERROR), encodeErrorBody(e));
}

export function decodeClearError(message: Uint8Array): ErrorBody {
  expectMessageType(message, MessageType.ERROR);
  return decodeErrorBody(message.subarray(1));
}
