/**
 * Cuts a byte stream (TCP, a pty) into H4 packets (Vol 4 Part A §2): indicator, then the header
 * of that packet type, whose length field says how much follows. Used by every stream attachment.
 */
import { H4 } from './constants.js';

export interface H4StreamHandlers {
  packet(packet: Buffer): void;
  /** Bytes that cannot start a packet; the parser skips them and resynchronises. */
  garbage(bytes: Buffer, reason: string): void;
}

/** Header length after the indicator, and where its length field is (Vol 4 Part E §5.4). */
function headerOf(indicator: number): { header: number; length: (b: Buffer) => number } | undefined {
  switch (indicator) {
    case H4.COMMAND:
      return { header: 3, length: (b) => b[3]! };
    case H4.ACL:
      return { header: 4, length: (b) => b.readUInt16LE(3) };
    case H4.SCO:
      return { header: 3, length: (b) => b[3]! };
    case H4.EVENT:
      return { header: 2, length: (b) => b[2]! };
    case H4.ISO:
      return { header: 4, length: (b) => b.readUInt16LE(3) & 0x3fff };
    default:
      return undefined;
  }
}

export class H4StreamParser {
  #pending: Buffer = Buffer.alloc(0);

  constructor(private readonly handlers: H4StreamHandlers) {}

  push(chunk: Uint8Array): void {
    this.#pending = this.#pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.#pending, chunk]);
    for (;;) {
      if (this.#pending.length === 0) return;
      const indicator = this.#pending[0]!;
      const h = headerOf(indicator);
      if (!h) {
        // Skip to the next byte that could start a packet.
        let i = 1;
        while (i < this.#pending.length && !headerOf(this.#pending[i]!)) i++;
        const bad = this.#pending.subarray(0, i);
        this.#pending = this.#pending.subarray(i);
        this.handlers.garbage(Buffer.from(bad), `unknown H4 indicator 0x${indicator.toString(16).padStart(2, '0')}`);
        continue;
      }
      if (this.#pending.length < 1 + h.header) return;
      const total = 1 + h.header + h.length(this.#pending);
      if (this.#pending.length < total) return;
      const packet = Buffer.from(this.#pending.subarray(0, total));
      this.#pending = this.#pending.subarray(total);
      this.handlers.packet(packet);
    }
  }

  /** Bytes received but not yet a whole packet. */
  get buffered(): number {
    return this.#pending.length;
  }
}
