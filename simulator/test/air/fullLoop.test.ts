/**
 * Real noble (central) and real bleno (peripheral) on one in-process Air: scan, connect, MTU
 * exchange, GATT discovery, write, notify, read, RSSI and disconnect.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Air } from '../../src/air/index.js';
import { discoverLock, findCharacteristics, startLock, startPhone, teardown, waitFor, type Lock, type Noble } from './fixtures.js';

describe('full GATT loop on the virtual air (in-process)', () => {
  let air: Air | undefined;
  let lock: Lock | undefined;
  let phone: Noble | undefined;
  afterEach(async () => {
    if (air) await teardown(air, phone, lock?.bleno);
    air = undefined;
  });

  it('scans, connects, exchanges MTU, discovers, writes, notifies, reads, reads RSSI and disconnects', async () => {
    const started = Date.now();
    air = new Air({ seed: 42 });
    const lockAt = air.attach({ name: 'lock-1', position: { x: 0, y: 0 } });
    const phoneAt = air.attach({ name: 'phone', position: { x: 2, y: 0 } });
    lock = await startLock(lockAt);
    phone = await startPhone(phoneAt);

    const p = await discoverLock(phone);
    expect(p.address).toBe(lockAt.address);
    expect(p.advertisement.localName).toBe('keyrig-lock');
    expect(p.rssi).toBeLessThan(0);

    await p.connectAsync();
    if (p.mtu === null) await waitFor(p, 'mtu');
    expect(p.mtu).toBe(256); // noble asks 256, bleno caps at 256
    const { value, events } = await findCharacteristics(p);

    await value.writeAsync(Buffer.from('unlock-request'), false);
    expect(lock.writes.map((w) => w.toString())).toEqual(['unlock-request']);

    const notified = new Promise<Buffer>((resolve) => events.on('data', (d) => resolve(d)));
    await events.subscribeAsync();
    await lock.subscribed;
    lock.notify(Buffer.from('granted'));
    expect((await notified).toString()).toBe('granted');

    expect((await value.readAsync()).toString()).toBe('unlock-request');

    const rssi = await p.updateRssiAsync();
    expect(rssi).toBeLessThan(-30);
    expect(rssi).toBeGreaterThan(-80);

    const lockSawDisconnect = waitFor(lock.bleno, 'disconnect');
    await p.disconnectAsync();
    await lockSawDisconnect;
    expect(air.connections).toHaveLength(0);
    console.log(`full loop wall time: ${Date.now() - started} ms; stats ${JSON.stringify(air.stats)}`);
  });
});
