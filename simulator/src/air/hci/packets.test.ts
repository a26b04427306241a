/**
 * The event and ACL builders write every octet of packets taken unzeroed from Node's buffer pool:
 * exact bytes, after the pool has been filled with garbage.
 */
import { describe, expect, it } from 'vitest';
import {
  aclPacket,
  commandComplete,
  commandStatus,
  dataBufferOverflow,
  disconnectionComplete,
  eventPacket,
  leMeta,
  numberOfCompletedPackets,
} from './packets.js';

/** Fills the unused rest of the current pool slab with 0xee, so an octet a builder skips shows. */
function dirtyPool(): void {
  const probe = Buffer.allocUnsafe(1);
  new Uint8Array(probe.buffer).fill(0xee, probe.byteOffset);
}

describe('HCI packet builders (Vol 4 Part E §5.4, §7.7)', () => {
  const cases: [string, () => Buffer, string][] = [
    ['Command Complete §7.7.14', () => commandComplete(0x1009, Buffer.from('00112233445566', 'hex')), '040e0a01091000112233445566'],
    ['Command Status §7.7.15', () => commandStatus(0x200d, 0x00), '040f0400010d20'],
    ['Disconnection Complete §7.7.5', () => disconnectionComplete(0x0041, 0x13), '04050400410013'],
    ['Number Of Completed Packets §7.7.19', () => numberOfCompletedPackets(0x0040, 3), '0413050140000300'],
    ['Data Buffer Overflow §7.7.26', () => dataBufferOverflow(), '041a0101'],
    ['LE Meta §7.7.65', () => leMeta(0x07, Buffer.from('4000fb00', 'hex')), '043e05074000fb00'],
    ['any event §5.4.4', () => eventPacket(0xff, Buffer.alloc(0)), '04ff00'],
    ['ACL §5.4.2', () => aclPacket(0x0040, 0b10, Buffer.from('0300040a0e00', 'hex')), '02402006000300040a0e00'],
  ];
  for (const [name, build, hex] of cases) {
    it(name, () => {
      dirtyPool();
      expect(build().toString('hex')).toBe(hex);
    });
  }
});
