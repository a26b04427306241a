/**
 * One LE connection between two controllers as the link layer sees it (Vol 6 Part B §4.5):
 * both ends' handles, the connection parameters, the negotiated data length per direction and
 * the per-direction transmit state used by the timing model.
 */
import type { VirtualController } from '../controller/VirtualController.js';

/** 0: central → peripheral, 1: peripheral → central. */
export type Direction = 0 | 1;

export class LinkConnection {
  open = true;
  /** Max LL payload per direction (Vol 6 Part B §4.5.10): 27 until a data length update. */
  readonly maxOctets: [number, number] = [27, 27];
  /** Air time until which each direction is busy transmitting. */
  readonly busyUntil: [number, number];
  /** Air time each direction last got a PDU through (for the supervision timeout). */
  readonly lastHeard: [number, number];
  /** LL PDU counters per direction (RNG keys). */
  readonly pduSeq: [number, number] = [0, 0];

  constructor(
    readonly id: number,
    readonly central: VirtualController,
    readonly centralHandle: number,
    readonly peripheral: VirtualController,
    readonly peripheralHandle: number,
    public intervalMs: number,
    public latency: number,
    public supervisionTimeoutMs: number,
    /** Air time of the first connection event (anchor point). */
    public anchor: number,
  ) {
    this.busyUntil = [anchor, anchor];
    this.lastHeard = [anchor, anchor];
  }

  directionFrom(c: VirtualController): Direction {
    return c === this.central ? 0 : 1;
  }

  handleAt(c: VirtualController): number {
    return c === this.central ? this.centralHandle : this.peripheralHandle;
  }

  peerOf(c: VirtualController): VirtualController {
    return c === this.central ? this.peripheral : this.central;
  }

  toString(): string {
    return `${this.central.name}#${this.centralHandle}<->${this.peripheral.name}#${this.peripheralHandle}`;
  }
}
