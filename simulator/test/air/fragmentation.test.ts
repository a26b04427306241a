/**
 * ACL fragmentation and buffer accounting: 27-byte ACL buffers, 2 credits, no data length
 * extension, so every L2CAP PDU crosses in 27-byte pieces paced by Number Of Completed Packets.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Air } from '../../src/air/index.js';
import { discoverLock, findCharacteristics, startLock, startPhone, teardown, type Lock, type Noble } from './fixtures.js';

describe('ACL fragmentation with 27-byte buffers and 2 credits', () => {
  let air: Air | undefined;
  let lock: Lock | undefined;
  let phone: Noble | undefined;
  afterEach(async () => {
    if (air) await teardown(air, phone, lock?.bleno);
    air = undefined;
  });

  it('carries a 500-byte characteristic value intact both ways', async () => {
    air = new Air({ seed: 3 });
    const small = { aclBuffers: { length: 27, count: 2 }, maxDataLength: 27 };
    const value500 = Buffer.from(Array.from({ length: 500 }, (_, i) => (i * 7 + 3) & 0xff));
    lock = await startLock(air.attach({ name: 'lock', ...small }), { initialValue: value500 });
    phone = await startPhone(air.attach({ name: 'phone', position: { x: 1, y: 0 }, ...small }));
    const p = await discoverLock(phone);
    await p.connectAsync();
    const { value } = await findCharacteristics(p);

    // Read: Read Response + Read Blob Responses (ATT MTU 256), each split into 27-byte ACL packets.
    const read = await value.readAsync();
    expect(read.length).toBe(500);
    expect(read.equals(value500)).toBe(true);

    // Write: longer than MTU-3, so noble uses Prepare Write / Execute Write.
    const toWrite = Buffer.from(value500).reverse();
    await value.writeAsync(toWrite, false);
    expect(lock.value.equals(toWrite)).toBe(true);

    const phoneCtrl = air.controller('phone');
    const lockCtrl = air.controller('lock');
    // Every buffer was given back, nothing overflowed.
    expect(phoneCtrl.aclInUse).toBe(0);
    expect(lockCtrl.aclInUse).toBe(0);
    expect(phoneCtrl.stats.overflows + lockCtrl.stats.overflows).toBe(0);
    // 500 bytes in 27-byte pieces: at least 19 ACL packets each way.
    expect(phoneCtrl.stats.aclIn).toBeGreaterThanOrEqual(19);
    expect(lockCtrl.stats.aclIn).toBeGreaterThanOrEqual(19);
    expect(air.stats.llPdus).toBe(phoneCtrl.stats.aclIn + lockCtrl.stats.aclIn);
    await p.disconnectAsync();
  });
});
