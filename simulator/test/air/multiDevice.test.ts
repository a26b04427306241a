/**
 * Several devices: RSSI follows distance, one phone holds two connections at once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Air } from '../../src/air/index.js';
import { findCharacteristics, startLock, startPhone, teardown, type Lock, type Noble, type Peripheral, SERVICE_UUID } from './fixtures.js';

describe('several devices on one air', () => {
  let air: Air | undefined;
  const locks: Lock[] = [];
  let phone: Noble | undefined;
  afterEach(async () => {
    if (air) await teardown(air, phone, ...locks.map((l) => l.bleno));
    locks.length = 0;
    air = undefined;
  });

  it('hears the nearer lock louder and connects to two locks at once', async () => {
    air = new Air({ seed: 31 });
    const near = air.attach({ name: 'near', position: { x: 1, y: 0 } });
    const far = air.attach({ name: 'far', position: { x: 25, y: 0 } });
    locks.push(await startLock(near, { initialValue: Buffer.from('near') }), await startLock(far, { initialValue: Buffer.from('far') }));
    phone = await startPhone(air.attach({ name: 'phone', position: { x: 0, y: 0 } }));

    const seen = new Map<string, Peripheral>();
    const both = new Promise<void>((resolve) =>
      phone!.on('discover', ((p: Peripheral) => {
        seen.set(p.address, p);
        if (seen.size === 2) resolve();
      }) as never),
    );
    await phone.startScanningAsync([SERVICE_UUID.replace(/-/g, '')], false);
    await both;
    await phone.stopScanningAsync();
    const pNear = seen.get(near.address)!;
    const pFar = seen.get(far.address)!;
    // 1 m vs 25 m: about 31 dB apart on the mean; shadowing (σ 2 dB) cannot swap them.
    expect(pNear.rssi).toBeGreaterThan(pFar.rssi + 15);

    await pNear.connectAsync();
    await pFar.connectAsync();
    expect(air.connections).toHaveLength(2);
    const [a, b] = await Promise.all([findCharacteristics(pNear), findCharacteristics(pFar)]);
    const [ra, rb] = await Promise.all([a.value.readAsync(), b.value.readAsync()]);
    expect([ra.toString(), rb.toString()]).toEqual(['near', 'far']);
    await pNear.disconnectAsync();
    await pFar.disconnectAsync();
  });
});
