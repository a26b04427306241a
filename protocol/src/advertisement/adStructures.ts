/**
 * AD structures of advertising and scan response data (Bluetooth Core Vol 3 Part C §11):
 * a sequence of `length u8 | AD type u8 | AD data (length - 1 bytes)`; a zero length ends the
 * significant part (the rest is padding). AD types: Core Specification Supplement Part A §1.
 */
import { bytesToUuid, fromUtf8, toHex, uuidToBytes } from '../bytes.js';
import { MalformedMessageError } from '../errors.js';

/** The AD types keyrig writes or reads (Assigned Numbers §2.3). */
export const AdType = {
  FLAGS: 0x01,
  INCOMPLETE_16BIT_UUIDS: 0x02,
  COMPLETE_16BIT_UUIDS: 0x03,
  INCOMPLETE_32BIT_UUIDS: 0x04,
  COMPLETE_32BIT_UUIDS: 0x05,
  INCOMPLETE_128BIT_UUIDS: 0x06,
  COMPLETE_128BIT_UUIDS: 0x07,
  SHORTENED_LOCAL_NAME: 0x08,
  COMPLETE_LOCAL_NAME: 0x09,
  TX_POWER_LEVEL: 0x0a,
  MANUFACTURER_SPECIFIC_DATA: 0xff,
} as const;

/** One AD structure: its type and data (the length byte is implied). */
export interface AdStructure {
  readonly type: number;
  readonly data: Uint8Array;
}

/** Legacy advertising PDUs carry at most 31 bytes of AD (Core Vol 6 Part B §2.3.1). */
export const LEGACY_AD_MAX_LENGTH = 31;

/** Serializes AD structures; throws MalformedMessageError for a bad type or data over 254 bytes. */
export function encodeAdStructures(structures: readonly AdStructure[]): Uint8Array {
  const total = structures.reduce((n, s) => n + 2 + s.data.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const s of structures) {
    if (!Number.isInteger(s.type) || s.type < 0 || s.type > 0xff) {
      throw new MalformedMessageError(`AD type must be 0..255, got ${s.type}`);
    }
    if (s.data.length > 254) {
      throw new MalformedMessageError(`AD type 0x${s.type.toString(16)}: ${s.data.length} bytes > 254`);
    }
    out[offset] = s.data.length + 1;
    out[offset + 1] = s.type;
    out.set(s.data, offset + 2);
    offset += 2 + s.data.length;
  }
  return out;
}

/**
 * Splits advertising or scan response data into AD structures (data are views, not copies).
 * Stops at a zero length byte; throws MalformedMessageError when a structure runs past the end.
 */
export function parseAdStructures(bytes: Uint8Array): AdStructure[] {
  const out: AdStructure[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const length = bytes[offset]!;
    if (length === 0) break; // early termination (Core Vol 3 Part C §11)
    if (offset + 1 + length > bytes.length) {
      throw new MalformedMessageError(
        `AD structure at offset ${offset} declares ${length} bytes but only ${bytes.length - offset - 1} remain`,
      );
    }
    out.push({ type: bytes[offset + 1]!, data: bytes.subarray(offset + 2, offset + 1 + length) });
    offset += 1 + length;
  }
  return out;
}

/** A 128-bit UUID as it goes into AD data: the 16 bytes little-endian (reverse of the string). */
export function uuid128ToAdBytes(uuid: string): Uint8Array {
  return uuidToBytes(uuid).reverse();
}

/** Inverse of {@link uuid128ToAdBytes}: 16 little-endian bytes to a dashed lowercase UUID. */
export function adBytesToUuid128(bytes: Uint8Array): string {
  return bytesToUuid(Uint8Array.from(bytes).reverse());
}

/** The fields a scanner needs, merged from one or more AD payloads (e.g. ADV_IND + SCAN_RSP). */
export interface AdvertisementView {
  /** Service UUIDs: 128-bit dashed lowercase, 16/32-bit as 4/8 hex digits. */
  readonly serviceUuids?: readonly string[];
  /** Manufacturer Specific Data, company id first (as noble reports it). */
  readonly manufacturerData?: Uint8Array | undefined;
  readonly localName?: string | undefined;
}

/** Reads service UUIDs, manufacturer data and local name out of raw AD payloads. */
export function readAdvertisingData(...payloads: readonly Uint8Array[]): AdvertisementView {
  const serviceUuids: string[] = [];
  let manufacturerData: Uint8Array | undefined;
  let localName: string | undefined;
  for (const payload of payloads) {
    for (const s of parseAdStructures(payload)) {
      switch (s.type) {
        case AdType.INCOMPLETE_128BIT_UUIDS:
        case AdType.COMPLETE_128BIT_UUIDS:
          serviceUuids.push(...splitUuids(s, 16).map(adBytesToUuid128));
          break;
        case AdType.INCOMPLETE_16BIT_UUIDS:
        case AdType.COMPLETE_16BIT_UUIDS:
          serviceUuids.push(...splitUuids(s, 2).map((b) => toHex(Uint8Array.from(b).reverse())));
          break;
        case AdType.INCOMPLETE_32BIT_UUIDS:
        case AdType.COMPLETE_32BIT_UUIDS:
          serviceUuids.push(...splitUuids(s, 4).map((b) => toHex(Uint8Array.from(b).reverse())));
          break;
        case AdType.MANUFACTURER_SPECIFIC_DATA:
          manufacturerData ??= s.data;
          break;
        case AdType.SHORTENED_LOCAL_NAME:
        case AdType.COMPLETE_LOCAL_NAME:
          localName ??= fromUtf8(s.data);
          break;
      }
    }
  }
  return { serviceUuids, manufacturerData, localName };
}

function splitUuids(s: AdStructure, size: number): Uint8Array[] {
  if (s.data.length % size !== 0) {
    throw new MalformedMessageError(
      `AD type 0x${s.type.toString(16).padStart(2, '0')}: ${s.data.length} bytes is not a multiple of ${size}`,
    );
  }
  const out: Uint8Array[] = [];
  for (let i = 0; i < s.data.length; i += size) out.push(s.data.subarray(i, i + size));
  return out;
}
