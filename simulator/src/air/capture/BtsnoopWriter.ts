/**
 * A btsnoop capture file (the format of RFC 1761 snoop, as used by Android and BlueZ): header
 * "btsnoop\0", version 1, datalink 1002 = HCI UART (H4), then one record per packet. Wireshark and
 * tshark decode it (HCI, L2CAP, ATT).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { H4 } from '../hci/constants.js';

const DATALINK_H4 = 1002;
/** Microseconds from 0000-01-01 to 1970-01-01, the btsnoop epoch offset. */
const EPOCH_OFFSET_US = 0x00dcddb30f2f8000n;

export class BtsnoopWriter {
  #fd: number | undefined;
  #records = 0;

  constructor(readonly path: string) {
    this.#fd = openSync(path, 'w');
    const header = Buffer.alloc(16);
    header.write('btsnoop\0', 0, 'latin1');
    header.writeUInt32BE(1, 8);
    header.writeUInt32BE(DATALINK_H4, 12);
    writeSync(this.#fd, header);
  }

  /**
   * Appends one H4 packet. fromHost: host -> controller ("sent"); otherwise "received".
   * unixMs: wall or simulated time as milliseconds since the Unix epoch (fractions kept as µs).
   */
  write(packet: Uint8Array, fromHost: boolean, unixMs: number): void {
    if (this.#fd === undefined) return;
    const kind = packet[0];
    const isCommandOrEvent = kind === H4.COMMAND || kind === H4.EVENT;
    const rec = Buffer.alloc(24);
    rec.writeUInt32BE(packet.length, 0);
    rec.writeUInt32BE(packet.length, 4);
    rec.writeUInt32BE((fromHost ? 0 : 1) | (isCommandOrEvent ? 2 : 0), 8);
    rec.writeUInt32BE(0, 12);
    rec.writeBigInt64BE(BigInt(Math.round(unixMs * 1000)) + EPOCH_OFFSET_US, 16);
    writeSync(this.#fd, rec);
    writeSync(this.#fd, packet);
    this.#records++;
  }

  get records(): number {
    return this.#records;
  }

  close(): void {
    if (this.#fd === undefined) return;
    closeSync(this.#fd);
    this.#fd = undefined;
  }
}
