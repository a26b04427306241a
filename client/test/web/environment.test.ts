/**
 * What the page says when the phone or browser cannot reach a lock: a browser without Web
 * Bluetooth, Bluetooth turned off or missing, and a lock out of range. Real chromium; the adapter
 * states are set through the BluetoothEmulation domain, the lock's range on the virtual air.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeManufacturerData } from '@keyrig/protocol';
import { chromiumMissingReason, launchChromium, phoneViewport } from './harness/chromium.js';
import { feedbackOf, issueKey, newPhone, openKey, screenshot, tapUnlock, unlockAt, waitForFeedback, type IssuedKey } from './harness/keyHolder.js';
import { startRig, type Rig } from './harness/rig.js';

const missing = chromiumMissingReason();

describe.skipIf(missing !== undefined)(`web app: unsupported browser, Bluetooth off, out of range, timeout${missing ? ` — skipped: ${missing}` : ''}`, () => {
  let rig: Rig;
  let key: IssuedKey;

  beforeAll(async () => {
    rig = await startRig();
    key = await issueKey(rig, { entrances: ['Room 101', 'Pool'], maxUseCount: 10 });
  }, 60_000);

  afterAll(async () => {
    await rig?.close();
  });

  it('unsupported browser (no navigator.bluetooth): says what to use instead, Unlock disabled', async () => {
    // A second browser process, started without Web Bluetooth: Debian's chromium then has no
    // navigator.bluetooth at all, as Safari and Firefox do not.
    const plain = await launchChromium({ webBluetooth: false });
    try {
      const page = await plain.browser.newPage();
      await page.setViewport(phoneViewport);
      await page.goto(key.url);
      await waitForFeedback(page, ['unsupported']);
      expect(await page.evaluate(() => 'bluetooth' in navigator)).toBe(false);
      const fb = await feedbackOf(page);
      expect(fb.title).toBe('This browser cannot open locks');
      expect(fb.detail).toMatch(/Chrome.*Android/);
      // The key still loaded (entrances listed), but nothing pretends it can unlock.
      expect(await page.$$eval('button.unlock', (bs) => bs.map((b) => (b as HTMLButtonElement).disabled))).toEqual([true, true]);
      // Not an iPhone: the Android advice, no iOS words.
      expect(await page.$eval('#help', (el) => [(el as HTMLElement).hidden, (el as HTMLElement).dataset['platform']])).toEqual([false, 'other']);
      await screenshot(page, 'unsupported-browser');
    } finally {
      await plain.close();
    }
  });

  it('iPhone (any iOS browser): its advice first, the front desk from the property file, and a working Copy link', async () => {
    const plain = await launchChromium({ webBluetooth: false });
    try {
      const context = await plain.browser.createBrowserContext();
      await context.overridePermissions(new URL(key.url).origin, ['clipboard-read', 'clipboard-write', 'clipboard-sanitized-write']);
      const page = await context.newPage();
      // Chrome on iOS (CriOS) runs Safari's engine like every iOS browser: no Web Bluetooth.
      await page.setUserAgent('Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1');
      await page.setViewport(phoneViewport);
      await page.goto(key.url);
      await waitForFeedback(page, ['unsupported']);
      const fb = await feedbackOf(page);
      expect(fb.title).toBe('iPhone cannot open locks from this page');
      expect(fb.detail).toMatch(/front desk/);
      const help = await page.$eval('#help', (el) => ({
        hidden: (el as HTMLElement).hidden,
        platform: (el as HTMLElement).dataset['platform'],
        shown: Array.from(el.querySelectorAll('p')).filter((p) => getComputedStyle(p).display !== 'none').map((p) => p.textContent),
        top: el.getBoundingClientRect().top,
        listTop: document.getElementById('entrances')!.getBoundingClientRect().top,
      }));
      expect(help.hidden).toBe(false);
      expect(help.platform).toBe('ios');
      expect(help.shown).toEqual([
        'iPhone and iPad browsers cannot open locks from a web page.',
        'Front desk of keyrig Demo Hotel: Call +49 30 555 0100 or come to reception (open 24 h).',
      ]);
      expect(help.top).toBeLessThan(help.listTop); // the advice comes before the entrances
      expect(help.top).toBeLessThan(844);
      await page.click('#copy-link');
      await expect.poll(() => page.$eval('#copy-link', (b) => b.textContent)).toBe('Link copied');
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key.url);
      await screenshot(page, 'unsupported-iphone');
    } finally {
      await plain.close();
    }
  });

  it('Bluetooth off (adapter powered off): the chooser finds nothing and the page asks to check Bluetooth', async () => {
    const phone = await newPhone(rig);
    const { page } = await openKey(rig, phone, key.url);
    await rig.emulation.setCentralState('powered-off');
    try {
      await tapUnlock(page, 'Room 101');
      expect(await waitForFeedback(page, ['searching'])).toBe('searching');
      // chromium shows its own "Bluetooth is off" chooser and never lists a lock; the page speaks up.
      expect(await waitForFeedback(page, ['still-searching'], 20_000)).toBe('still-searching');
      const fb = await feedbackOf(page);
      expect(fb.title).toBe('Still looking for Room 101');
      expect(fb.detail).toMatch(/Bluetooth is turned on/);
      await screenshot(page, 'bluetooth-off-searching');
    } finally {
      // Adapter on, then gone: chromium closes its chooser and the page hears "cancelled".
      await rig.emulation.setCentralState('powered-on');
      await rig.emulation.setCentralState('absent');
      await waitForFeedback(page, ['not-found', 'bluetooth-off'], 2000).catch(() => undefined);
    }
  });

  it('Bluetooth off (no adapter available): the page says so at once, and again on Unlock', async () => {
    await rig.emulation.setCentralState('absent');
    const phone = await newPhone(rig);
    const { page } = await openKey(rig, phone, key.url, { settled: ['bluetooth-off', 'ready'] });
    expect((await feedbackOf(page)).state).toBe('bluetooth-off');
    expect((await feedbackOf(page)).title).toBe('Bluetooth is off');
    await screenshot(page, 'bluetooth-off');
    await rig.emulation.setCentralState('powered-on');
    await tapUnlock(page, 'Pool');
    // With the adapter back, tapping Unlock opens the chooser again (the page re-checks each time).
    expect(await waitForFeedback(page, ['searching'])).toBe('searching');
    const prompt = await page.waitForDevicePrompt({ timeout: 20_000 }).catch(() => undefined);
    await prompt?.cancel();
    await waitForFeedback(page, ['not-found']);
  });

  it('out of range: the lock is not heard, the chooser stays empty, the page says what to do', async () => {
    const lock = rig.lock('Room 101');
    const phone = await newPhone(rig);
    const { page } = await openKey(rig, phone, key.url);
    rig.air.move(`lock-${lock.lockId}`, { x: 5000, y: 0 });
    // Wait until the bridge no longer hears it (the browser then no longer lists it).
    const isRoom101 = (md: Uint8Array): boolean => {
      try {
        return decodeManufacturerData(md).lockId === lock.lockId;
      } catch {
        return false;
      }
    };
    await expect.poll(() => rig.bridge.hears(isRoom101), { timeout: 15_000 }).toBe(false);
    const [prompt] = await Promise.all([page.waitForDevicePrompt({ timeout: 20_000 }), tapUnlock(page, 'Room 101')]);
    // The chooser had its chance: the bridge re-sent everything it hears 15 times while it was open.
    const from = rig.bridge.advertiseRounds;
    await expect.poll(() => rig.bridge.advertiseRounds, { timeout: 30_000 }).toBeGreaterThanOrEqual(from + 15);
    expect(prompt.devices.map((d) => d.id)).toEqual([]);
    await prompt.cancel(); // what a user does when the list stays empty
    expect(await waitForFeedback(page, ['not-found'])).toBe('not-found');
    expect((await feedbackOf(page)).detail).toMatch(/move closer/);
    await screenshot(page, 'out-of-range');
    rig.air.move(`lock-${lock.lockId}`, { x: 0, y: 0 });
  });

  it('timeout: the lock goes silent after the pick, the page says it did not answer in time', async () => {
    const lock = rig.lock('Pool');
    const phone = await newPhone(rig);
    const { page } = await openKey(rig, phone, key.url);
    const between = ['browser-central', `lock-${lock.lockId}`] as const;
    try {
      // Nothing gets through between the phone and this lock once it was picked in the chooser.
      const r = await unlockAt(rig, page, 'Pool', lock.lockId, { afterPick: () => rig.air.setFaults({ blackout: true }, between) });
      expect(r.state).toBe('timeout');
      const fb = await feedbackOf(page);
      expect(fb.title).toBe('Pool did not answer in time');
      // Human words: no radio jargon such as "timed out after 10000 ms".
      expect(fb.detail).toBe('Stay close to the lock and tap Unlock again.');
      expect(`${fb.title} ${fb.detail}`).not.toMatch(/\d\s*ms\b|timed out/i);
      await screenshot(page, 'timeout');
    } finally {
      rig.air.setFaults({}, between);
    }
  });
});
