/**
 * Manufacturer Specific Data of the scan response (PROTOCOL.md §1):
 * `company id u16 LE (0xFFFF) | [0] 0x4B magic | [1] version | [2] lock type | [3] status flags |
 *  [4] security revision | [5..20] lock id`. noble reports the value with the company id,
 * Web Bluetooth without it (keyed by company in a Map), so decoding accepts both.
 */
import { bytesToUuid, uuidToBytes } from '../bytes.js';
import { MalformedMessageError } from '../errors.js';
import { isLockType, type LockTypeValue } from '../gatt/LockType.js';
import { decodeStatusFlags, encodeStatusFlags, type LockStatus } from './statusFlags.js';

/** Company identifier 0xFFFF: reserved by the Bluetooth SIG for testing (Assigned Numbers §7). */
export const KEYRIG_COMPANY_ID = 0xffff;
/** First payload byte, ASCII 'K'. */
export const KEYRIG_MAGIC = 0x4b;
/** Payload length after the company id in v1; later versions may append bytes. */
export const MANUFACTURER_PAYLOAD_LENGTH = 21;

/** What a lock says about itself before anyone connects. */
export interface KeyrigAdvertisement {
  /** Highest protocol version the lock supports (1..255). */
  readonly version: number;
  readonly lockType: LockTypeValue;
  readonly status: LockStatus;
  /** Incremented by the lock when its keys or firmware security configuration change (0..255). */
  readonly securityRevision: number;
  /** The lock's UUID, dashed lowercase. */
  readonly lockId: string;
}

/**
 * Encodes the manufacturer data. By default the 2-byte company id comes first (the form inside the
 * AD structure and the form noble reports); pass `{ companyId: false }` for the payload alone.
 */
export function encodeManufacturerData(
  adv: KeyrigAdvertisement,
  options: { companyId?: boolean } = {},
): Uint8Array {
  const u8 = (n: number) => Number.isInteger(n) && n >= 0 && n <= 0xff;
  if (!u8(adv.version) || adv.version < 1) {
    throw new MalformedMessageError(`advertisement: version ${adv.version} is not in 1..255`);
  }
  if (!isLockType(adv.lockType)) {
    throw new MalformedMessageError(`advertisement: unknown lock type ${adv.lockType}`);
  }
  if (!u8(adv.securityRevision)) {
    throw new MalformedMessageError(
      `advertisement: security revision ${adv.securityRevision} is not in 0..255`,
    );
  }
  const payload = new Uint8Array(MANUFACTURER_PAYLOAD_LENGTH);
  payload[0] = KEYRIG_MAGIC;
  payload[1] = adv.version;
  payload[2] = adv.lockType;
  payload[3] = encodeStatusFlags(adv.status);
  payload[4] = adv.securityRevision;
  payload.set(uuidToBytes(adv.lockId), 5);
  if (options.companyId === false) return payload;
  const out = new Uint8Array(2 + MANUFACTURER_PAYLOAD_LENGTH);
  out[0] = KEYRIG_COMPANY_ID & 0xff;
  out[1] = KEYRIG_COMPANY_ID >> 8;
  out.set(payload, 2);
  return out;
}

/**
 * Decodes manufacturer data given with or without the company id (the magic 0x4B cannot be the
 * first byte of company 0xFFFF, so the two forms are told apart). Throws MalformedMessageError
 * saying what is wrong when the bytes are not a keyrig advertisement.
 */
export function decodeManufacturerData(bytes: Uint8Array): KeyrigAdvertisement {
  let payload = bytes;
  if (bytes[0] !== KEYRIG_MAGIC) {
    if (bytes.length < 2) {
      throw new MalformedMessageError(`manufacturer data of ${bytes.length} bytes is too short`);
    }
    const company = bytes[0]! | (bytes[1]! << 8);
    if (company !== KEYRIG_COMPANY_ID) {
      throw new MalformedMessageError(
        `manufacturer data: company 0x${company.toString(16).padStart(4, '0')} is not keyrig's 0xffff`,
      );
    }
    payload = bytes.subarray(2);
    if (payload[0] !== KEYRIG_MAGIC) {
      throw new MalformedMessageError(
        `manufacturer data: magic 0x${(payload[0] ?? 0).toString(16)} is not 0x4b ('K')`,
      );
    }
  }
  if (payload.length < MANUFACTURER_PAYLOAD_LENGTH) {
    throw new MalformedMessageError(
      `manufacturer data payload is ${payload.length} bytes, expected at least ${MANUFACTURER_PAYLOAD_LENGTH}`,
    );
  }
  const version = payload[1]!;
  const lockType = payload[2]!;
  if (version < 1) throw new MalformedMessageError('manufacturer data: version 0 is not valid');
  if (!isLockType(lockType)) {
    throw new MalformedMessageError(`manufacturer data: unknown lock type ${lockType}`);
  }
  return {
    version,
    lockType,
    status: decodeStatusFlags(payload[3]!),
    securityRevision: payload[4]!,
    lockId: bytesToUuid(payload.subarray(5, 21)),
  };
}
