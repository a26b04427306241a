/**
 * Counts the ATT PDUs crossing one controller's host interface (H4 ACL on L2CAP CID 4,
 * Core Vol 3 Part A §3 and Part F §3.4), by direction and opcode, with their air times.
 * Used to check the analytic model's round-trip counts against what the hosts really did.
 */
import type { VirtualController } from '@keyrig/simulator';

export interface AttCounts {
  /** PDUs the host sent (requests, commands) by opcode name. */
  readonly sent: Record<string, number>;
  /** PDUs the host received (responses, notifications) by opcode name. */
  readonly received: Record<string, number>;
  /** Request/response pairs the host waited for (every sent request). */
  readonly roundTrips: number;
}

/** ATT opcodes (Core Vol 3 Part F §3.4.8, table 3.37) the rig uses. */
const ATT_OPCODES: Record<number, string> = {
  0x01: 'ERROR_RSP', 0x02: 'MTU_REQ', 0x03: 'MTU_RSP', 0x04: 'FIND_INFO_REQ', 0x05: 'FIND_INFO_RSP',
  0x08: 'READ_BY_TYPE_REQ', 0x09: 'READ_BY_TYPE_RSP', 0x0a: 'READ_REQ', 0x0b: 'READ_RSP',
  0x10: 'READ_BY_GROUP_TYPE_REQ', 0x11: 'READ_BY_GROUP_TYPE_RSP', 0x12: 'WRITE_REQ', 0x13: 'WRITE_RSP',
  0x1b: 'NOTIFY', 0x52: 'WRITE_CMD',
};
const REQUESTS = new Set([0x02, 0x04, 0x08, 0x0a, 0x10, 0x12]);

export interface AttEvent {
  readonly t: number;
  readonly dir: 'tx' | 'rx';
  readonly op: string;
  readonly bytes: number;
}

export function countAtt(controller: VirtualController): {
  reset(): void;
  counts(): AttCounts;
  events(): readonly AttEvent[];
  stop(): void;
} {
  let events: AttEvent[] = [];
  const untap = controller.tap((packet, fromHost, t) => {
    // H4 ACL: 0x02 | handle+flags u16 | length u16 | L2CAP length u16 | CID u16 | ATT opcode
    if (packet[0] !== 0x02 || packet.length < 10) return;
    const pb = (packet.readUInt16LE(1) >> 12) & 0x3;
    if (pb === 0x1) return; // continuation fragment: no L2CAP header
    if (packet.readUInt16LE(7) !== 0x0004) return;
    const code = packet[9]!;
    events.push({ t, dir: fromHost ? 'tx' : 'rx', op: ATT_OPCODES[code] ?? `0x${code.toString(16)}`, bytes: packet.readUInt16LE(5) });
  });
  return {
    reset: () => {
      events = [];
    },
    counts: () => {
      const sent: Record<string, number> = {};
      const received: Record<string, number> = {};
      let roundTrips = 0;
      for (const e of events) {
        const into = e.dir === 'tx' ? sent : received;
        into[e.op] = (into[e.op] ?? 0) + 1;
        if (e.dir === 'tx' && REQUESTS.has(Number(Object.keys(ATT_OPCODES).find((k) => ATT_OPCODES[Number(k)] === e.op)))) roundTrips++;
      }
      return { sent, received, roundTrips };
    },
    events: () => events,
    stop: () => {
      untap();
    },
  };
}
