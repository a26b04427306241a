/**
 * Recognising a keyrig lock among everything a scanner hears (PROTOCOL.md §1).
 */
import { KeyrigError } from '../errors.js';
import { sameUuid, KEYRIG_SERVICE_UUID } from '../gatt/uuids.js';
import { readAdvertisingData, type AdvertisementView } from './adStructures.js';
import { decodeManufacturerData, type KeyrigAdvertisement } from './manufacturerData.js';

/**
 * True when the advertisement is a keyrig lock's: it lists the keyrig service UUID (dashed or not,
 * any case) or carries valid keyrig manufacturer data. Accepts a view (noble's `advertisement`,
 * or Web Bluetooth fields converted to bytes) or raw AD bytes. Never throws: garbage is "not keyrig".
 */
export function isKeyrigAdvertisement(input: AdvertisementView | Uint8Array): boolean {
  const view = toView(input);
  if (view === undefined) return false;
  if (view.serviceUuids?.some((u) => sameUuid(u, KEYRIG_SERVICE_UUID)) === true) return true;
  return findKeyrigAdvertisement(view) !== undefined;
}

/**
 * The decoded keyrig manufacturer data of an advertisement, or undefined when it has none (e.g. an
 * ADV_IND before its scan response arrived) or it does not decode. Never throws.
 */
export function findKeyrigAdvertisement(
  input: AdvertisementView | Uint8Array,
): KeyrigAdvertisement | undefined {
  const data = toView(input)?.manufacturerData;
  if (data === undefined || data.length === 0) return undefined;
  try {
    return decodeManufacturerData(data);
  } catch (e) {
    if (e instanceof KeyrigError) return undefined;
    throw e;
  }
}

function toView(input: AdvertisementView | Uint8Array): AdvertisementView | undefined {
  if (!(input instanceof Uint8Array)) return input;
  try {
    return readAdvertisingData(input);
  } catch (e) {
    if (e instanceof KeyrigError) return undefined;
    throw e;
  }
}
