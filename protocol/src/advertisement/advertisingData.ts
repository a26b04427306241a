/**
 * The bytes a keyrig lock advertises (PROTOCOL.md §1), ready for bleno's
 * `startAdvertisingWithEIRData(advertisementData, scanData)` or an HCI LE Set Advertising Data.
 */
import { utf8 } from '../bytes.js';
import { MalformedMessageError } from '../errors.js';
import { KEYRIG_SERVICE_UUID } from '../gatt/uuids.js';
import { AdType, encodeAdStructures, LEGACY_AD_MAX_LENGTH, uuid128ToAdBytes, type AdStructure } from './adStructures.js';
import { encodeManufacturerData, type KeyrigAdvertisement } from './manufacturerData.js';

/** Flags: LE General Discoverable Mode (bit 1) | BR/EDR Not Supported (bit 2) (CSS Part A §1.3). */
export const KEYRIG_AD_FLAGS = 0x06;

/**
 * ADV_IND data: Flags + Complete List of 128-bit Service UUIDs (21 bytes). A `localName`, if given,
 * is appended in the 10 bytes left: complete (0x09) when it fits, otherwise shortened (0x08) at a
 * UTF-8 character boundary.
 */
export function buildAdvertisingData(options: { localName?: string } = {}): Uint8Array {
  const structures: AdStructure[] = [
    { type: AdType.FLAGS, data: Uint8Array.of(KEYRIG_AD_FLAGS) },
    { type: AdType.COMPLETE_128BIT_UUIDS, data: uuid128ToAdBytes(KEYRIG_SERVICE_UUID) },
  ];
  if (options.localName !== undefined && options.localName !== '') {
    const room = LEGACY_AD_MAX_LENGTH - 21 - 2;
    const name = utf8(options.localName);
    if (name.length <= room) {
      structures.push({ type: AdType.COMPLETE_LOCAL_NAME, data: name });
    } else {
      let cut = room;
      while (cut > 0 && (name[cut]! & 0xc0) === 0x80) cut--; // don't split a multi-byte character
      structures.push({ type: AdType.SHORTENED_LOCAL_NAME, data: name.subarray(0, cut) });
    }
  }
  return encodeAdStructures(structures);
}

/** SCAN_RSP data: one Manufacturer Specific Data structure (25 bytes). */
export function buildScanResponseData(adv: KeyrigAdvertisement): Uint8Array {
  const bytes = encodeAdStructures([
    { type: AdType.MANUFACTURER_SPECIFIC_DATA, data: encodeManufacturerData(adv) },
  ]);
  if (bytes.length > LEGACY_AD_MAX_LENGTH) {
    throw new MalformedMessageError(`scan response of ${bytes.length} bytes exceeds 31`);
  }
  return bytes;
}
