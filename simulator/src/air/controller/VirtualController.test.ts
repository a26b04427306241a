/**
 * The controller on its own: command dispatch, bad input, buffer accounting.
 */
import { describe, expect, it } from 'vitest';
import { Air } from '../link/Air.js';
import { COMMANDS } from './commandTable.js';
import { MAX_PACKETS_PER_TURN } from './VirtualController.js';
import { commandComplete, numberOfCompletedPackets } from '../hci/packets.js';
import { SUPPORTED_COMMAND_BITS } from './commands/supportedCommands.js';

function rig(options: { aclBuffers?: { length: number; count: number } } = {}) {
  const air = new Air({ seed: 1 });
  const c = air.createController({ name: 'c', ...options });
  const out: Buffer[] = [];
  c.connectHost((p) => out.push(p));
  const next = async (): Promise<Buffer> => {
    for (let i = 0; i < 100 && out.length === 0; i++) await new Promise((r) => setImmediate(r));
    const p = out.shift();
    if (!p) throw new Error('no packet from the controller');
    return p;
  };
  return { air, c, out, next };
}

describe('VirtualController', () => {
  it('answers Reset with Command Complete, Num_HCI_Command_Packets 1 (what the UART driver waits for)', async () => {
    const { c, next, air } = rig();
    c.receiveFromHost(Buffer.from('01030c00', 'hex'));
    expect((await next()).toString('hex')).toBe('040e0401030c00');
    await air.close();
  });

  it('answers an unknown command with Unknown HCI Command (0x01) and keeps working', async () => {
    const { c, next, air } = rig();
    c.receiveFromHost(Buffer.from('0100fc00', 'hex')); // vendor opcode 0xfc00
    expect((await next()).toString('hex')).toBe('040e040100fc01');
    // Extended create connection is refused with Command Status, so noble falls back.
    c.receiveFromHost(Buffer.from('014320' + '00', 'hex'));
    expect((await next()).toString('hex')).toBe('040f0401014320');
    c.receiveFromHost(Buffer.from('01091000', 'hex')); // Read BD_ADDR still works
    const bd = await next();
    expect(bd.subarray(0, 7).toString('hex')).toBe('040e0a01091000');
    expect(c.stats.unknownCommands).toBe(2);
    await air.close();
  });

  it('rejects short parameters with Invalid HCI Command Parameters (0x12)', async () => {
    const { c, next, air } = rig();
    c.receiveFromHost(Buffer.from('010120' + '02' + '0000', 'hex')); // LE Set Event Mask wants 8 bytes
    expect((await next()).toString('hex')).toBe('040e0401012012');
    await air.close();
  });

  it('survives malformed H4 packets without crashing', async () => {
    const { c, next, air } = rig();
    c.receiveFromHost(Buffer.from([]));
    c.receiveFromHost(Buffer.from('07ffff', 'hex')); // not an H4 indicator
    c.receiveFromHost(Buffer.from('02400005000102', 'hex')); // ACL whose length lies
    c.receiveFromHost(Buffer.from('01030c05', 'hex')); // command whose length lies: still answered
    expect((await next()).toString('hex')).toBe('040e0401030c12');
    expect(c.stats.malformed).toBe(4);
    await air.close();
  });

  it('reports LE buffers and drops ACL for unknown handles', async () => {
    const { c, next, air } = rig({ aclBuffers: { length: 27, count: 2 } });
    c.receiveFromHost(Buffer.from('01022000', 'hex'));
    expect((await next()).toString('hex')).toBe('040e07010220001b0002');
    c.receiveFromHost(Buffer.from('024000050001000400ff', 'hex').subarray(0, 10));
    expect(c.aclInUse).toBe(0);
    await air.close();
  });

  it('marks only commands it runs as supported (§6.27)', async () => {
    const table = new Set(COMMANDS.keys());
    for (const [op] of SUPPORTED_COMMAND_BITS) expect(table.has(op), `0x${op.toString(16)}`).toBe(true);
    const { c, next, air } = rig();
    c.receiveFromHost(Buffer.from('01021000', 'hex'));
    const ev = await next();
    expect(ev.length).toBe(3 + 4 + 64);
    expect(ev[7 + 5]! & 0x80).toBe(0x80); // Reset: octet 5 bit 7
    expect(ev[7 + 37]).toBe(0); // no extended scanning commands (octet 37)
    await air.close();
  });

  it('applies the event mask: LE Meta is off until the host enables it (§7.3.1)', async () => {
    const { c, next, air } = rig();
    expect(c.eventEnabled(0x3e)).toBe(false);
    expect(c.eventEnabled(0x05)).toBe(true);
    c.receiveFromHost(Buffer.from('01010c08fffffbff07f8bf3d', 'hex')); // noble's and bleno's mask
    expect((await next()).toString('hex')).toBe('040e0401010c00');
    expect(c.eventEnabled(0x3e)).toBe(true);
    c.receiveFromHost(Buffer.from('01010c080000000000000000', 'hex'));
    expect((await next()).toString('hex')).toBe('040e0401010c00'); // Command Complete is never masked
    expect(c.eventEnabled(0x05)).toBe(false);
    await air.close();
  });

  describe('delivery to the host', () => {
    /** Read BD_ADDR (§7.4.6) commands; each answered with one Command Complete. */
    const readBdAddr = () => Buffer.from('01091000', 'hex');
    /** Read Local Version (§7.4.1): a second kind of reply, to see the order. */
    const readVersion = () => Buffer.from('01011000', 'hex');
    const turn = () => new Promise((r) => setImmediate(r));
    const readBdAddrComplete = () => commandComplete(0x1009, Buffer.from('00112233445566', 'hex'));
    const opcodes = (out: Buffer[]) => out.map((p) => p.readUInt16LE(4).toString(16));

    it('fast mode hands the host everything queued in one macrotask, in order', async () => {
      const { c, out, air } = rig();
      c.receiveFromHost(readBdAddr());
      c.receiveFromHost(readVersion());
      c.receiveFromHost(readBdAddr());
      expect(out).toHaveLength(0); // asynchronous, as from a transport
      await turn();
      expect(opcodes(out)).toEqual(['1009', '1001', '1009']);
      await air.close();
    });

    it('fast mode also hands over, in the same turn, what the host queues while handling a packet', async () => {
      const air = new Air({ seed: 1 });
      const c = air.createController({ name: 'c' });
      const out: Buffer[] = [];
      c.connectHost((p) => {
        out.push(p);
        if (out.length === 1) c.receiveFromHost(readVersion());
      });
      c.receiveFromHost(readBdAddr());
      await turn();
      expect(opcodes(out)).toEqual(['1009', '1001']);
      await air.close();
    });

    it(`fast mode yields the event loop after ${MAX_PACKETS_PER_TURN} packets and goes on in the next turn`, async () => {
      const { c, out, air } = rig();
      for (let i = 0; i < MAX_PACKETS_PER_TURN + 3; i++) c.receiveFromHost(i === MAX_PACKETS_PER_TURN ? readVersion() : readBdAddr());
      await turn();
      expect(out).toHaveLength(MAX_PACKETS_PER_TURN);
      await turn();
      expect(out).toHaveLength(MAX_PACKETS_PER_TURN + 3);
      expect(opcodes(out)[MAX_PACKETS_PER_TURN]).toBe('1001');
      await air.close();
    });

    it('modeled mode hands over one packet per macrotask (the host clock moves with each)', async () => {
      const air = new Air({ seed: 1, timing: 'floor' });
      const c = air.createController({ name: 'c' });
      const out: Buffer[] = [];
      const clock: number[] = [];
      c.connectHost((p) => {
        out.push(p);
        clock.push(c.simNow);
      });
      c.receiveFromHost(readBdAddr());
      c.receiveFromHost(readVersion());
      await turn();
      expect(opcodes(out)).toEqual(['1009']);
      await turn();
      expect(opcodes(out)).toEqual(['1009', '1001']);
      expect(clock[1]).toBeGreaterThan(clock[0]!);
      await air.close();
    });

    it('modeled mode: Number Of Completed Packets returns buffers without moving the host clock (§7.7.19)', async () => {
      const air = new Air({ seed: 1, timing: 'floor' });
      const c = air.createController({ name: 'c' });
      const clock: number[] = [];
      c.connectHost(() => clock.push(c.simNow));
      c.send(numberOfCompletedPackets(0x0040, 1), 500); // an acknowledgement stamped far ahead
      c.send(readBdAddrComplete(), 10);
      await turn();
      await turn();
      expect(clock).toEqual([10, 10]); // the event at 10 first, then the credit, and the clock stays at 10
      c.receiveFromHost(readBdAddr()); // what the host sends next is stamped from 10, not 500
      await turn();
      expect(c.simNow).toBeLessThan(500);
      c.send(readBdAddrComplete(), 600); // any other event still moves it
      await turn();
      expect(c.simNow).toBe(600);
      await air.close();
    });
  });
});
