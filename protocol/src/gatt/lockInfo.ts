/**
 * The info characteristic value (PROTOCOL.md §2):
 * `[0] min version | [1] max version | [2..3] max message size u16 LE | [4..7] feature bits u32 LE |
 *  [8] lock type | [9..24] lock id (16 bytes, UUID byte order as written)`.
 */
import { bytesToUuid, uuidToBytes } from '../bytes.js';
import { MalformedMessageError } from '../errors.js';
import { MAX_MESSAGE_SIZE_LIMIT, MIN_MAX_MESSAGE_SIZE } from '../framing/constants.js';
import { isLockType, type LockTypeValue } from './LockType.js';

/** Length of the v1 info value; longer values are accepted and the extra bytes ignored. */
export const LOCK_INFO_LENGTH = 25;

/** What the info characteristic tells a phone before it talks to the lock. */
export interface LockInfo {
  /** Lowest protocol version the lock speaks (>= 1). */
  readonly minVersion: number;
  /** Highest protocol version the lock speaks (>= minVersion). */
  readonly maxVersion: number;
  /** Largest message either side may send on this lock (64..65535). */
  readonly maxMessageSize: number;
  /** Feature bits ({@link FeatureBit}); reserved bits are kept as they are. */
  readonly features: number;
  readonly lockType: LockTypeValue;
  /** The lock's UUID, dashed lowercase. */
  readonly lockId: string;
}

/** Encodes a LockInfo; throws MalformedMessageError when a field is out of range. */
export function encodeLockInfo(info: LockInfo): Uint8Array {
  validate(info);
  const out = new Uint8Array(LOCK_INFO_LENGTH);
  const view = new DataView(out.buffer);
  out[0] = info.minVersion;
  out[1] = info.maxVersion;
  view.setUint16(2, info.maxMessageSize, true);
  view.setUint32(4, info.features >>> 0, true);
  out[8] = info.lockType;
  out.set(uuidToBytes(info.lockId), 9);
  return out;
}

/** Decodes the info value; throws MalformedMessageError naming the bad field. */
export function decodeLockInfo(bytes: Uint8Array): LockInfo {
  if (bytes.length < LOCK_INFO_LENGTH) {
    throw new MalformedMessageError(
      `lock info is ${bytes.length} bytes, expected at least ${LOCK_INFO_LENGTH}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lockType = bytes[8]!;
  if (!isLockType(lockType)) throw new MalformedMessageError(`lock info: unknown lock type ${lockType}`);
  const info: LockInfo = {
    minVersion: bytes[0]!,
    maxVersion: bytes[1]!,
    maxMessageSize: view.getUint16(2, true),
    features: view.getUint32(4, true),
    lockType,
    lockId: bytesToUuid(bytes.subarray(9, 25)),
  };
  validate(info);
  return info;
}

function validate(info: LockInfo): void {
  const u8 = (n: number) => Number.isInteger(n) && n >= 0 && n <= 0xff;
  if (!u8(info.minVersion) || info.minVersion < 1) {
    throw new MalformedMessageError(`lock info: min version ${info.minVersion} is not in 1..255`);
  }
  if (!u8(info.maxVersion) || info.maxVersion < info.minVersion) {
    throw new MalformedMessageError(
      `lock info: max version ${info.maxVersion} is not in ${info.minVersion}..255`,
    );
  }
  const m = info.maxMessageSize;
  if (!Number.isInteger(m) || m < MIN_MAX_MESSAGE_SIZE || m > MAX_MESSAGE_SIZE_LIMIT) {
    throw new MalformedMessageError(
      `lock info: max message size ${m} is not in ${MIN_MAX_MESSAGE_SIZE}..${MAX_MESSAGE_SIZE_LIMIT}`,
    );
  }
  if (!Number.isInteger(info.features) || info.features < 0 || info.features > 0xffff_ffff) {
    throw new MalformedMessageError(`lock info: features ${info.features} is not a u32`);
  }
  if (!isLockType(info.lockType)) {
    throw new MalformedMessageError(`lock info: unknown lock type ${info.lockType}`);
  }
}
