/**
 * What the controller needs to know about the packets it hands its host: which carry command
 * credits, which only return ACL buffers, and which unknown commands answer with Command Status.
 */
import { Evt, H4 } from '../hci/constants.js';

/**
 * Number Of Completed Packets (§7.7.19) only returns ACL buffers; it does not move the host's
 * clock. It is stamped with the acknowledgement of the host's last PDU, often connection events
 * ahead, and in modeled mode it could reach the host before or after the host's asynchronous work
 * (WebCrypto) finished, depending on wall-clock speed: a reply would then leave one connection
 * event later on a busy machine. A host that sends more because buffers came back needs no clock
 * move either: the link sends a direction's PDUs in order (DataChannel `busyUntil`), so the next
 * packet cannot leave before the acknowledgement this event reports.
 */
/** Num_HCI_Command_Packets of a Command Complete (§7.7.14) or Command Status (§7.7.15); else undefined. */
export function commandCredits(packet: Buffer): number | undefined {
  if (packet[0] !== H4.EVENT) return undefined;
  if (packet[1] === Evt.COMMAND_COMPLETE) return packet[3];
  if (packet[1] === Evt.COMMAND_STATUS) return packet[4];
  return undefined;
}

export function isBufferCredit(packet: Buffer): boolean {
  return packet[0] === H4.EVENT && packet[1] === Evt.NUMBER_OF_COMPLETED_PACKETS;
}

/** Unknown commands that would answer with Command Status, so a host waiting for one falls back. */
export const STATUS_STYLE_UNKNOWN = new Set<number>([
  0x2043, // LE Extended Create Connection (§7.8.66)
  0x2031, // LE Set PHY (§7.8.49)
  0x2019, // LE Enable Encryption (§7.8.24)
  0x2016, // LE Read Remote Features (§7.8.21)
  0x041d, // Read Remote Version Information (§7.1.23)
]);
