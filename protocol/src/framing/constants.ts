/**
 * Framing limits (PROTOCOL.md §3) and the ATT numbers they derive from.
 */

/** Smallest ATT_MTU on LE (Bluetooth Core Vol 3 Part F §3.2.8): what a side assumes until told more. */
export const ATT_MIN_MTU = 23;
/** Largest ATT_MTU a keyrig side negotiates (Android 14 asks for 517). */
export const ATT_MAX_MTU = 517;
/** Largest attribute value (Core Vol 3 Part F §3.2.9): caps a fragment even when MTU - 3 is larger. */
export const ATT_MAX_ATTRIBUTE_LENGTH = 512;
/** ATT opcode + handle in a Write Request / Handle Value Notification (Core Vol 3 Part F §3.4). */
export const ATT_WRITE_OVERHEAD = 3;

/** Fragment header: message id u8 + fragment index u8 (§3). */
export const FRAGMENT_HEADER_LENGTH = 2;
/** First fragment header: id + index + total length u16 (§3). */
export const FIRST_FRAGMENT_HEADER_LENGTH = 4;
/** Fragment indexes are u8, so a message has at most 256 fragments. */
export const MAX_FRAGMENTS_PER_MESSAGE = 256;

/** Max message size when the info characteristic was not read (§2, §3). */
export const DEFAULT_MAX_MESSAGE_SIZE = 2048;
/** Smallest max message size a lock may announce: room for any ERROR message and HELLO. */
export const MIN_MAX_MESSAGE_SIZE = 64;
/** Largest message the u16 total-length field can describe. */
export const MAX_MESSAGE_SIZE_LIMIT = 0xffff;
/** A message being reassembled is abandoned after this long without a fragment (§3). */
export const REASSEMBLY_TIMEOUT_MS = 2000;

/** Bytes one fragment (header included) may carry at this ATT_MTU. */
export function fragmentCapacity(mtu: number): number {
  return Math.min(mtu - ATT_WRITE_OVERHEAD, ATT_MAX_ATTRIBUTE_LENGTH);
}

/** Largest message that fits in 256 fragments at this ATT_MTU (4606 bytes at MTU 23). */
export function maxMessageSizeForMtu(mtu: number): number {
  const cap = fragmentCapacity(mtu);
  return (
    cap - FIRST_FRAGMENT_HEADER_LENGTH + (MAX_FRAGMENTS_PER_MESSAGE - 1) * (cap - FRAGMENT_HEADER_LENGTH)
  );
}
