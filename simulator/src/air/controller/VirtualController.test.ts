/**
 * The controller on its own: command dispatch, bad input, buffer accounting.
 */
import { describe, expect, it } from 'vitest';
import { Air } from '../link/Air.js';
import { COMMANDS } from './commandTable.js';
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
});
