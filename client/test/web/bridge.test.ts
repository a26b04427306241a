/**
 * The bridge, proven with a round trip through every real part: a page in Debian's chromium calls
 * Web Bluetooth; the browser's emulated adapter raises CDP events; the bridge performs them with a
 * noble central on the virtual air against a bleno lock; the lock's bytes come back to the page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeLockInfo, encodeHello, Fragmenter, KeyrigUuids, MessageType, decodeManufacturerData } from '@keyrig/protocol';
import type { Page } from 'puppeteer-core';
import { chromiumMissingReason } from './harness/chromium.js';
import { startRig, type Rig } from './harness/rig.js';

const missing = chromiumMissingReason();

describe.skipIf(missing !== undefined)(`Web Bluetooth bridge (chromium <-> CDP <-> noble <-> air <-> bleno)${missing ? ` — skipped: ${missing}` : ''}`, () => {
  let rig: Rig;
  let page: Page;

  beforeAll(async () => {
    rig = await startRig();
    page = await rig.chromium.browser.newPage();
    await page.goto(`${rig.cloud.url}/ik/`);
    // The app registers its service worker on load; let that settle before the chooser opens.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  }, 60_000);

  afterAll(async () => {
    await rig?.close();
  });

  it('reads the info characteristic and pulls the answer to a HELLO by reads', async () => {
    const lock = rig.lock('Room 101');
    const address = await rig.bridge.waitForPeripheral((md) => decodeManufacturerData(md).lockId === lock.lockId);
    const hello = new Fragmenter({ mtu: 23 }).fragment(encodeHello({ versions: [1], features: 0 }));
    expect(hello).toHaveLength(1);

    const run = page.evaluate(
      async (uuids, fragment) => {
        const bt = (navigator as unknown as { bluetooth: any }).bluetooth;
        const device = await bt.requestDevice({ filters: [{ services: [uuids.service] }] });
        const server = await device.gatt.connect();
        const service = await server.getPrimaryService(uuids.service);
        const info = await (await service.getCharacteristic(uuids.info)).readValue();
        const cp = await service.getCharacteristic(uuids.controlPoint);
        const rsp = await service.getCharacteristic(uuids.response);
        await cp.writeValueWithResponse(new Uint8Array(fragment));
        let first: number[] = [];
        // Pull until the lock has answered: bounded by a deadline (generous under load), not a count.
        const deadline = Date.now() + 20_000;
        while (first.length === 0 && Date.now() < deadline) {
          const v: DataView = await rsp.readValue();
          first = [...new Uint8Array(v.buffer, v.byteOffset, v.byteLength)];
          if (first.length === 0) await new Promise((r) => setTimeout(r, 10));
        }
        server.disconnect();
        return { info: [...new Uint8Array(info.buffer, info.byteOffset, info.byteLength)], first };
      },
      KeyrigUuids,
      [...hello[0]!],
    );
    const prompt = await page.waitForDevicePrompt({ timeout: 20_000 });
    await prompt.select(await prompt.waitForDevice((d) => d.id === address, { timeout: 20_000 }));
    const { info, first } = await run;

    // The lock's own info value, read by the browser through the bridge.
    expect(decodeLockInfo(new Uint8Array(info)).lockId).toBe(lock.lockId);
    // The first response fragment: message id 0, index 0, then the LOCK_AUTH message (§3, §7).
    expect(first.length).toBeGreaterThan(4);
    expect(first.slice(0, 2)).toEqual([0, 0]);
    expect(first[4]).toBe(MessageType.LOCK_AUTH);
    expect(rig.bridge.trace.map((t) => t.op)).toEqual(expect.arrayContaining(['connect', 'discovery', 'read', 'write']));
  });

  it('keeps hearing every lock after a connection (noble stops its scan to connect and does not restart it)', async () => {
    // The previous test connected; every lock must be heard again after that connection ended,
    // or the browser forgets them a few seconds later and the next chooser stays empty (issue 14).
    const connected = rig.bridge.trace.filter((t) => t.op === 'connect').at(-1)?.at;
    expect(connected).toBeDefined();
    await expect.poll(() => rig.bridge.scanning, { timeout: 10_000 }).toBe(true);
    const all = rig.locks.length;
    await expect.poll(() => rig.bridge.heardSince(connected! + 1).length, { timeout: 20_000 }).toBe(all);
  });
});
