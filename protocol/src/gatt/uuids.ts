/**
 * keyrig GATT UUIDs (PROTOCOL.md §2). The 128-bit base spells "keyrigKR" in ASCII
 * (6b 65 79 72 69 67 4b 52) so it is easy to spot in a packet dump.
 */

/** The keyrig primary service. */
export const KEYRIG_SERVICE_UUID = '6b657972-6967-4b52-8000-000000000001';
/** Control point: write with response, phone -> lock; each write is one fragment (§3). */
export const CONTROL_POINT_UUID = '6b657972-6967-4b52-8000-000000000002';
/** Response: read + notify, lock -> phone; notified when subscribed, otherwise read-pulled (§2). */
export const RESPONSE_UUID = '6b657972-6967-4b52-8000-000000000003';
/** Info: read-only lock description (§2, {@link encodeLockInfo}). */
export const INFO_UUID = '6b657972-6967-4b52-8000-000000000004';
/** Client Characteristic Configuration Descriptor (Bluetooth Core Vol 3 Part G §3.3.3.3). */
export const CCCD_UUID = '2902';

/** A UUID in the form noble and bleno use: lowercase, no dashes. */
export function noDashUuid(uuid: string): string {
  return uuid.replace(/-/g, '').toLowerCase();
}

/** The keyrig UUIDs, dashed lowercase (Web Bluetooth form). */
export const KeyrigUuids = {
  service: KEYRIG_SERVICE_UUID,
  controlPoint: CONTROL_POINT_UUID,
  response: RESPONSE_UUID,
  info: INFO_UUID,
} as const;

/** The keyrig UUIDs without dashes (noble / bleno form). */
export const KeyrigUuidsNoDash = {
  service: noDashUuid(KEYRIG_SERVICE_UUID),
  controlPoint: noDashUuid(CONTROL_POINT_UUID),
  response: noDashUuid(RESPONSE_UUID),
  info: noDashUuid(INFO_UUID),
} as const;

/** True when two UUID strings name the same UUID, whatever their dashes and case. */
export function sameUuid(a: string, b: string): boolean {
  return noDashUuid(a) === noDashUuid(b);
}
