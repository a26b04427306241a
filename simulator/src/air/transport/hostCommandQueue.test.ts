/**
 * The host-side command queue against Vol 4 Part E §4.4, with events written by hand:
 * Command Complete = 04 0e len Num_HCI_Command_Packets opcode(2) …, Command Status = 04 0f len status
 * Num_HCI_Command_Packets opcode(2).
 */
import { describe, expect, it } from 'vitest';
import { HostCommandQueue } from './hostCommandQueue.js';

const h = (s: string) => Buffer.from(s, 'hex');

describe('HostCommandQueue', () => {
  it('one command outstanding at a time with 1 credit; Command Complete and Status release the next; ACL never waits', () => {
    const sent: string[] = [];
    const q = new HostCommandQueue((p) => sent.push(p.toString('hex')));
    q.write(h('01030c00')); // Reset
    q.write(h('01010c08ffffffffffffffff')); // Set Event Mask: waits
    q.write(h('02400005000100040001')); // ACL: goes
    q.write(h('01091000')); // Read BD_ADDR: waits
    expect(sent).toEqual(['01030c00', '02400005000100040001']);
    expect(q.waiting).toBe(2);
    q.received(h('040e0401030c00')); // Reset done, 1 credit
    expect(sent.at(-1)).toBe('01010c08ffffffffffffffff');
    q.received(h('0413050140000100')); // Number Of Completed Packets: not a credit
    expect(q.waiting).toBe(1);
    q.received(h('040f0400010d20')); // Command Status, 1 credit (opcode 0x200d)
    expect(sent.at(-1)).toBe('01091000');
    expect(q.waiting).toBe(0);
  });

  it('a controller that grants 0 credits holds everything; 2 credits let two go; clear() drops what waits', () => {
    const sent: string[] = [];
    const q = new HostCommandQueue((p) => sent.push(p.toString('hex')));
    q.write(h('01030c00'));
    q.received(h('040e0400030c00')); // Num_HCI_Command_Packets 0
    q.write(h('01091000'));
    q.write(h('01011000'));
    q.write(h('01031000'));
    expect(sent).toEqual(['01030c00']);
    q.received(h('040e03020000')); // NOP (opcode 0x0000), 2 credits (§7.7.14)
    expect(sent).toEqual(['01030c00', '01091000', '01011000']);
    q.clear();
    expect(q.waiting).toBe(0);
    q.write(h('01051000'));
    expect(sent.at(-1)).toBe('01051000');
  });
});
