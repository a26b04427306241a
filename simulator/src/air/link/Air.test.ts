/**
 * Two raw hosts (byte-level, no noble/bleno) on an Air: the HCI conversation for advertising,
 * connection create/cancel/complete, ACL relay with PB rewrite and Number Of Completed Packets,
 * connection update, data length, RSSI, disconnect from either side, Reset mid-session.
 */
import { describe, expect, it } from 'vitest';
import { Air } from './Air.js';

const h = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

function host(air: Air, name: string, opts: { maxDataLength?: number } = {}) {
  const c = air.createController({ name, ...opts });
  const inbox: Buffer[] = [];
  const SET_EVENT_MASK_DONE = '040e0401010c00';
  c.connectHost((p) => {
    if (p.toString('hex') !== SET_EVENT_MASK_DONE) inbox.push(p);
  });
  // Set Event Mask as noble and bleno send it (LE Meta, bit 61, is off by default, §7.3.1).
  c.receiveFromHost(h('01 010c 08 fffffbff07f8bf3d'));
  const until = async (pred: (p: Buffer) => boolean, what: string): Promise<Buffer> => {
    for (let i = 0; i < 2000; i++) {
      const idx = inbox.findIndex(pred);
      if (idx >= 0) return inbox.splice(idx, 1)[0]!;
      await new Promise((r) => setTimeout(r, 1));
    }
    throw new Error(`${name}: no ${what}; got ${inbox.map((p) => p.toString('hex')).join(' ')}`);
  };
  return { c, inbox, send: (s: string) => c.receiveFromHost(h(s)), until };
}
const leMeta = (sub: number) => (p: Buffer) => p[0] === 0x04 && p[1] === 0x3e && p[3] === sub;
const event = (code: number) => (p: Buffer) => p[0] === 0x04 && p[1] === code;
const addrHex = (c: { address: Buffer }) => c.address.toString('hex');

/** B advertises (ADV_IND), A initiates; resolves to both handles. */
async function connect(air: Air) {
  const a = host(air, 'a');
  const b = host(air, 'b', { maxDataLength: 251 });
  b.send('01 0620 0f a000 a000 00 00 00 000000000000 07 00'); // adv params, 100 ms
  b.send('01 0a20 01 01'); // adv enable
  // LE Create Connection to b: scan 0x60/0x30, peer public, interval 7.5–22.5 ms, timeout 420 ms.
  a.send(`01 0d20 19 6000 3000 00 00 ${addrHex(b.c)} 00 0600 1200 0000 2a00 0000 0000`);
  expect((await a.until(event(0x0f), 'Command Status')).toString('hex')).toBe('040f0400010d20');
  const ca = await a.until(leMeta(0x01), 'LE Connection Complete (central)');
  const cb = await b.until(leMeta(0x01), 'LE Connection Complete (peripheral)');
  expect(ca[4]).toBe(0); // status
  expect(ca[7]).toBe(0); // role central
  expect(cb[7]).toBe(1); // role peripheral
  expect(ca.subarray(9, 15).equals(b.c.address)).toBe(true);
  expect(cb.subarray(9, 15).equals(a.c.address)).toBe(true);
  expect(b.c.advertising.enabled).toBe(false); // legacy advertising stops on connection
  return { a, b, ha: ca.readUInt16LE(5), hb: cb.readUInt16LE(5) };
}

describe('Air with raw hosts', () => {
  it('relays ACL: host PB=00 arrives as PB=10 then 01, and buffers come back by NOCP', async () => {
    const air = new Air({ seed: 1 });
    const { a, b, ha, hb } = await connect(air);
    // L2CAP PDU of 30 bytes (ATT on CID 4) sent as a 27-byte first fragment + a 7-byte continuation.
    const payload = Buffer.alloc(30, 0xab);
    const l2cap = Buffer.concat([h('1e00 0400'), payload]);
    const pkt = (pb: number, data: Buffer) => Buffer.concat([h((ha | (pb << 12)).toString(16).padStart(4, '0').replace(/(..)(..)/, '$2$1')), Buffer.from([data.length, 0]), data]);
    a.c.receiveFromHost(Buffer.concat([Buffer.of(2), pkt(0, l2cap.subarray(0, 27))]));
    a.c.receiveFromHost(Buffer.concat([Buffer.of(2), pkt(1, l2cap.subarray(27))]));
    const first = await b.until((p) => p[0] === 2, 'first ACL');
    const cont = await b.until((p) => p[0] === 2, 'continuation ACL');
    expect(first.readUInt16LE(1)).toBe(hb | (0b10 << 12));
    expect(cont.readUInt16LE(1)).toBe(hb | (0b01 << 12));
    expect(Buffer.concat([first.subarray(5), cont.subarray(5)]).equals(l2cap)).toBe(true);
    const nocp1 = await a.until(event(0x13), 'NOCP');
    const nocp2 = await a.until(event(0x13), 'NOCP');
    expect([nocp1.readUInt16LE(4), nocp1.readUInt16LE(6), nocp2.readUInt16LE(6)]).toEqual([ha, 1, 1]);
    expect(a.c.aclInUse).toBe(0);
    await air.close();
  });

  it('updates connection parameters, data length, reads RSSI and disconnects from the peripheral', async () => {
    const air = new Air({ seed: 2 });
    const { a, b, ha, hb } = await connect(air);
    const hx = (n: number) => Buffer.from([n & 0xff, n >> 8]).toString('hex');
    a.send(`01 1320 0e ${hx(ha)} 1800 1800 0000 c800 0000 0000`); // 30 ms, timeout 2 s
    await a.until((p) => p[1] === 0x0f && p.readUInt16LE(5) === 0x2013, 'CS update');
    const ua = await a.until(leMeta(0x03), 'update complete (a)');
    const ub = await b.until(leMeta(0x03), 'update complete (b)');
    expect(ua.readUInt16LE(7)).toBe(0x18);
    expect(ub.readUInt16LE(5)).toBe(hb);
    expect(air.connections[0]!.intervalMs).toBe(30);

    a.c.leEventMask = h('7f00000000000000'); // enable Data Length Change like noble does
    b.c.leEventMask = h('7f00000000000000');
    a.send(`01 2220 06 ${hx(ha)} fb00 4808`);
    const dl = await a.until(leMeta(0x07), 'data length change');
    // a -> b: min(251 asked, b's max 251); b -> a: b's suggested default (27) — Vol 6 Part B §4.5.10.
    expect(dl.readUInt16LE(6)).toBe(251); // Max_TX_Octets
    expect(dl.readUInt16LE(10)).toBe(27); // Max_RX_Octets
    expect(air.connections[0]!.maxOctets).toEqual([251, 27]);

    a.send(`01 0514 02 ${hx(ha)}`);
    const rssi = await a.until((p) => p[1] === 0x0e && p.readUInt16LE(4) === 0x1405, 'RSSI');
    expect(rssi[6]).toBe(0);
    expect(rssi.readInt8(9)).toBeLessThan(0);

    b.send(`01 0604 03 ${hx(hb)} 13`);
    const da = await a.until(event(0x05), 'disconnection (a)');
    const db = await b.until(event(0x05), 'disconnection (b)');
    expect(da[6]).toBe(0x13); // central hears the peripheral's reason
    expect(db[6]).toBe(0x16); // peripheral: terminated by local host
    await air.close();
  });

  it('cancels a pending LE Create Connection with status 0x02', async () => {
    const air = new Air({ seed: 3 });
    const a = host(air, 'a');
    a.send('01 0d20 19 6000 3000 00 00 665544332211 00 0600 1200 0000 2a00 0000 0000');
    await a.until(event(0x0f), 'CS');
    a.send('01 0e20 00');
    expect((await a.until(event(0x0e), 'CC cancel')).toString('hex')).toBe('040e04010e2000');
    const cc = await a.until(leMeta(0x01), 'LE Connection Complete');
    expect(cc[4]).toBe(0x02);
    expect(cc.subarray(9, 15).toString('hex')).toBe('665544332211');
    a.send('01 0e20 00'); // nothing pending any more
    expect((await a.until(event(0x0e), 'CC cancel')).toString('hex')).toBe('040e04010e200c');
    await air.close();
  });

  it('Reset mid-session: the peer sees a supervision timeout', async () => {
    const air = new Air({ seed: 4, timing: 'floor' });
    const { a, b, hb } = await connect(air);
    a.send('01 030c 00');
    expect((await a.until(event(0x0e), 'Reset CC')).toString('hex')).toBe('040e0401030c00');
    const db = await b.until(event(0x05), 'disconnection (b)');
    expect(db.readUInt16LE(4)).toBe(hb);
    expect(db[6]).toBe(0x08);
    expect(a.inbox.some(event(0x05))).toBe(false); // the resetting side gets no event
    await air.close();
  });

  it('a duty-cycled scanner only hears advertising inside its scan windows (modeled)', async () => {
    const air = new Air({ seed: 5, timing: 'ios-like' });
    const a = host(air, 'a');
    const b = host(air, 'b');
    const heardAt: number[] = [];
    a.c.connectHost((p) => {
      if (leMeta(0x02)(p)) heardAt.push(a.c.simNow - a.c.scanning.startedAt);
    });
    b.send('01 0620 0f a000 a000 00 00 00 000000000000 07 00'); // 100 ms advertising
    b.send('01 0a20 01 01');
    a.send('01 0b20 07 00 d000 1000 00 00'); // passive, interval 130 ms, window 10 ms
    a.send('01 0c20 02 01 00'); // scan, duplicates allowed
    for (let i = 0; i < 3000 && heardAt.length < 6; i++) await new Promise((r) => setTimeout(r, 1));
    expect(heardAt.length).toBeGreaterThanOrEqual(6);
    // Every report lies inside a window (plus the PDU's air time); a continuous scanner would hear
    // one per 100 ms at phases spread over the whole 130 ms.
    for (const t of heardAt) expect(t % 130).toBeLessThan(10 + 1);
    await air.close();
  });
});
