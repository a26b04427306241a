/**
 * The strict-controller air (issue #18): where keyrig's controller is lenient, a strict one does
 * what real controllers do, each rule from the Bluetooth Core spec (docs/AIR.md "Strict mode"):
 * command flow control by credits (Vol 4 Part E §4.4), Unknown HCI Command (0x01) for what it does
 * not support (§4.5, §7.7.14), no LE Data Packet Length Extension (Vol 6 Part B §4.6.6). Raw-host
 * cases write H4 bytes computed by hand from the spec; then real noble and bleno on a strict air.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Air } from '../../src/air/index.js';
import { STRICT_ENV, strictFromEnv } from '../../src/air/controller/strictMode.js';
import { discoverLock, findCharacteristics, startLock, startPhone, teardown, type Noble } from './fixtures.js';

function rawHost(air: Air, name = 'raw') {
  const c = air.createController({ name });
  const out: Buffer[] = [];
  c.connectHost((p) => out.push(p));
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
  };
  return { c, out, settle, hex: () => out.map((p) => p.toString('hex')) };
}

const RESET = '01030c00'; // OGF 0x03 OCF 0x003 -> opcode 0x0c03, no parameters
const READ_BD_ADDR = '01091000'; // opcode 0x1009
const RESET_DONE = '040e0401030c00'; // Command Complete, len 4, Num_HCI_Command_Packets 1, 0x0c03, Success

describe('strict mode switch', () => {
  afterEach(() => {
    delete process.env[STRICT_ENV];
  });

  it('KEYRIG_AIR_STRICT is read in one place: 1/true on, 0/false/unset off, anything else a clear error', () => {
    expect(strictFromEnv({})).toBe(false);
    expect(strictFromEnv({ [STRICT_ENV]: '1' })).toBe(true);
    expect(strictFromEnv({ [STRICT_ENV]: 'true' })).toBe(true);
    expect(strictFromEnv({ [STRICT_ENV]: '0' })).toBe(false);
    expect(strictFromEnv({ [STRICT_ENV]: '' })).toBe(false);
    expect(() => strictFromEnv({ [STRICT_ENV]: 'yes please' })).toThrow(/KEYRIG_AIR_STRICT must be 1 or 0/);
    process.env[STRICT_ENV] = '1';
    expect(new Air().strict).toBe(true);
    expect(new Air({ strict: false }).strict).toBe(false);
  });
});

describe('command flow control by credits (Vol 4 Part E §4.4)', () => {
  it('strict: a command sent with no credit left is dropped (no reply), counted, logged, and air.close() fails', async () => {
    const air = new Air({ strict: true });
    const { c, settle, hex } = rawHost(air);
    c.receiveFromHost(Buffer.from(RESET, 'hex'));
    c.receiveFromHost(Buffer.from(READ_BD_ADDR, 'hex')); // no Command Complete seen yet: no credit
    await settle();
    expect(hex()).toEqual([RESET_DONE]);
    expect(c.stats.creditViolations).toBe(1);
    expect(air.violations).toEqual([expect.stringMatching(/raw: host sent command 0x1009 with no command credit .*Vol 4 Part E §4\.4/)]);
    // The Command Complete gave the credit back: the next command is answered.
    c.receiveFromHost(Buffer.from(READ_BD_ADDR, 'hex'));
    await settle();
    expect(hex()[1]!.slice(0, 14)).toBe('040e0a01091000');
    await expect(air.close()).rejects.toThrow(/strict air: 1 controller rule violation\(s\).*0x1009/s);
  });

  it('lenient (default): the same command is answered, and still counted', async () => {
    const air = new Air({ strict: false });
    const { c, settle, hex } = rawHost(air);
    c.receiveFromHost(Buffer.from(RESET, 'hex'));
    c.receiveFromHost(Buffer.from(READ_BD_ADDR, 'hex'));
    await settle();
    expect(hex().length).toBe(2);
    expect(c.stats.creditViolations).toBe(1);
    await air.close();
  });
});

describe('a strict controller has no data length extension (Vol 6 Part B §4.6.6)', () => {
  it('LE Set Data Length -> Command Complete "Unknown HCI Command" (0x01); feature bit 5 and the command bits clear', async () => {
    const air = new Air({ strict: true });
    const { c, settle, hex } = rawHost(air);
    const send = async (h: string) => {
      c.receiveFromHost(Buffer.from(h, 'hex'));
      await settle();
    };
    await send('012220' + '06' + '4000' + 'fb00' + '4808'); // LE Set Data Length (0x2022): handle 0x0040, 251 octets, 2120 µs
    await send('010320' + '00'); // LE Read Local Supported Features (0x2003)
    await send('01021000'); // Read Local Supported Commands (0x1002)
    const [dl, features, commands] = hex();
    expect(dl).toBe('040e0401222001'); // len 4, 1 credit, opcode 0x2022 LE, status 0x01
    expect(features).toBe('040e0c01032000' + '0000000000000000'); // len 12: credit, opcode, status, 8 feature octets
    const bitmap = Buffer.from(commands!.slice(14), 'hex');
    expect(bitmap.length).toBe(64);
    expect(bitmap[33]! & (1 << 6)).toBe(0); // §6.27: octet 33 bit 6 = LE Set Data Length
    expect(bitmap[35]! & (1 << 3)).toBe(0); // octet 35 bit 3 = LE Read Maximum Data Length
    expect(bitmap[5]! & (1 << 7)).not.toBe(0); // octet 5 bit 7 = Reset, still supported
    expect(air.violations).toEqual([]);
    await air.close();
  });
});

describe('real noble and bleno on a strict air', () => {
  it('scan, connect, write and read a 500-byte value: no violation (the host-side command queue honours credits)', async () => {
    const air = new Air({ seed: 3, strict: true });
    const lockAt = air.attach({ name: 'lock', position: { x: 0, y: 0 } });
    const phoneAt = air.attach({ name: 'phone', position: { x: 1, y: 0 } });
    let phone: Noble | undefined;
    let lock: Awaited<ReturnType<typeof startLock>> | undefined;
    try {
      lock = await startLock(lockAt);
      phone = await startPhone(phoneAt);
      const p = await discoverLock(phone);
      await p.connectAsync();
      const { value } = await findCharacteristics(p);
      const big = Buffer.alloc(500, 0x5a);
      await value.writeAsync(big, false);
      expect(lock.writes[0]).toEqual(big);
      expect(await value.readAsync()).toEqual(big);
      await p.disconnectAsync();
      expect(air.violations).toEqual([]);
      expect(phoneAt.controller.stats.creditViolations + lockAt.controller.stats.creditViolations).toBe(0);
    } finally {
      await teardown(air, phone, lock?.bleno);
    }
  }, 60_000);

  it("noble without keyrig's host queue breaks the credit rule at its first reset (why the queue exists)", async () => {
    const air = new Air({ strict: true });
    const at = air.attach({ name: 'phone' });
    const noble = (await import('@stoprocent/noble')).default.withBindings('hci', {
      hciDriver: 'virtual',
      bindParams: { virtual: { id: at.bindings.bindParams.virtual.id, hostFlowControl: false } },
    } as object);
    noble.on('stateChange', () => {});
    for (let i = 0; i < 100 && air.violations.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    noble.stop();
    expect(at.controller.stats.creditViolations).toBeGreaterThan(0);
    await expect(air.close()).rejects.toThrow(/no command credit/);
  }, 30_000);
});
