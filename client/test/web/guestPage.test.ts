/**
 * The guest's page as a guest lives with it (#20), in real chromium at 390x844: the hotel's name,
 * colours and the stay's dates in the hotel's zone; a tab left open that learns of an extension,
 * a revocation and a cancellation; "open now" following the clock; a focus ring one can see; a
 * bad link answered in words. The cloud's clock is moved (time travel), never slept through.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissingReason, phoneViewport } from './harness/chromium.js';
import { feedbackOf, issueKey, newPhone, openKey, returnToTab, screenshot, tapUnlock, unlockAt, waitForFeedback } from './harness/keyHolder.js';
import { axeViolations, cumulativeLayoutShift, parseRgb, statusPlacement, wcagContrast } from './harness/pageChecks.js';
import { startRig, type Rig } from './harness/rig.js';

const missing = chromiumMissingReason();
const HOUR = 3_600_000;

/** The next `hour`:30 in Berlin (the demo hotel's zone) after `now`. */
function nextBerlin(now: number, hour: number): number {
  for (let t = Math.ceil(now / HOUR) * HOUR; ; t += HOUR) {
    const h = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', hourCycle: 'h23' }).format(t));
    if (h === hour) return t + 30 * 60_000;
  }
}

const appState = <T>(page: import('puppeteer-core').Page, k: string): Promise<T> =>
  page.evaluate((key: string) => (window as unknown as { keyrigApp: Record<string, unknown> }).keyrigApp[key], k) as Promise<T>;

describe.skipIf(missing !== undefined)(`the guest's page${missing ? ` — skipped: ${missing}` : ''}`, () => {
  let rig: Rig;

  beforeAll(async () => {
    rig = await startRig();
  }, 60_000);

  afterAll(async () => {
    await rig?.close();
  });

  it("identity: the hotel's profile colours (text kept readable), the guest's name, the stay in the hotel's zone on a phone set to another", async () => {
    // A pale yellow brand: white text on it would be 1.3:1, so the page must switch to dark text.
    await rig.api('/workspaces/customization_profiles/create', { name: 'Demo Hotel', primary_color: '#ffe14d', secondary_color: '#0b5d57' });
    const stayEnd = Date.UTC(2027, 0, 15, 10, 0); // 15 Jan 2027, 11:00 in Berlin (CET, UTC+1)
    const key = await issueKey(rig, { entrances: ['Room 101'], fullName: 'Grace Hopper', endsInMs: stayEnd - rig.clock.now() });
    const phone = await newPhone(rig);
    // The guest's phone is still on home time: the page must show the hotel's.
    const { page: p } = await openKey(rig, phone, key.url, { timezone: 'America/Los_Angeles' });
    expect(await p.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('America/Los_Angeles');
    const meta = await p.$eval('#key-meta', (el) => el.textContent ?? '');
    expect(meta).toMatch(/– 15 Jan 2027, 11:00 \(hotel time\)\.$/); // Berlin; Los Angeles would say 02:00
    expect(await p.$eval('#key-title', (el) => el.textContent)).toBe('Key for Grace Hopper');
    const brand = await p.$eval('.brand', (el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color]);
    expect(brand[0]).toBe('rgb(255, 225, 77)');
    expect(wcagContrast(parseRgb(brand[0]!), parseRgb(brand[1]!))).toBeGreaterThanOrEqual(4.5);
    const button = await p.$eval('button.unlock', (el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color]);
    expect(wcagContrast(parseRgb(button[0]!), parseRgb(button[1]!))).toBeGreaterThanOrEqual(4.5);

    // Focus ring: keyboard focus on Unlock; the ring (outside the button) against the page behind it.
    await p.focus('button.unlock');
    await p.keyboard.down('Shift');
    await p.keyboard.press('Tab');
    await p.keyboard.up('Shift');
    await p.keyboard.press('Tab');
    const ring = await p.evaluate(() => {
      const b = document.activeElement as HTMLElement;
      const card = b.closest('.entrance')!;
      return { name: b.getAttribute('aria-label'), outline: getComputedStyle(b).outlineColor, width: getComputedStyle(b).outlineStyle, behind: getComputedStyle(card).backgroundColor };
    });
    expect(ring.name).toBe('Unlock Room 101');
    expect(ring.width).toBe('solid');
    expect(wcagContrast(parseRgb(ring.outline), parseRgb(ring.behind))).toBeGreaterThanOrEqual(3);
    expect(await axeViolations(p)).toEqual([]);
    await screenshot(p, 'identity-profile');
  });

  it('a stay extended while the tab is open: the tab learns it and unlocks after the old checkout', async () => {
    const key = await issueKey(rig, { entrances: ['Room 102'], endsInMs: HOUR, maxUseCount: 1 });
    const phone = await newPhone(rig);
    const { page } = await openKey(rig, phone, key.url);
    const oldEnd = await page.$eval('#key-meta', (el) => el.textContent);
    await rig.api('/access_grants/update', { access_grant_id: key.accessGrantId, ends_at: new Date(rig.clock.now() + 25 * HOUR).toISOString() });
    rig.clock.advance(2 * HOUR); // past the old checkout
    await returnToTab(page);
    expect(await page.$eval('#key-meta', (el) => el.textContent)).not.toBe(oldEnd);
    expect(await feedbackOf(page)).toMatchObject({ state: 'ready' });
    const r = await unlockAt(rig, page, 'Room 102', rig.lock('Room 102').lockId);
    expect(r.state).toBe('granted');
    await screenshot(page, 'extended-granted');
  });

  it('a lock that says EXPIRED makes the tab ask the cloud at once: the extension is there for the next tap', async () => {
    const key = await issueKey(rig, { entrances: ['Room 101'], endsInMs: HOUR, maxUseCount: 1 });
    const phone = await newPhone(rig);
    const { page } = await openKey(rig, phone, key.url);
    await rig.api('/access_grants/update', { access_grant_id: key.accessGrantId, ends_at: new Date(rig.clock.now() + 25 * HOUR).toISOString() });
    rig.clock.advance(2 * HOUR); // the tab was not told: it still holds the old credential
    const refreshes = await appState<number>(page, 'refreshes');
    const first = await unlockAt(rig, page, 'Room 101', rig.lock('Room 101').lockId);
    expect(first.state).toBe('denied');
    expect((await feedbackOf(page)).detail).toBe('The key has expired.');
    await page.waitForFunction((n: number) => (window as unknown as { keyrigApp: { refreshes: number } }).keyrigApp.refreshes > n, { timeout: 20_000 }, refreshes);
    const second = await unlockAt(rig, page, 'Room 101', rig.lock('Room 101').lockId);
    expect(second.state).toBe('granted');
  });

  it('a revocation reaches the open tab; the next Unlock is refused on the phone, in words, at that card', async () => {
    const key = await issueKey(rig, { entrances: ['Main Entrance', 'Room 101', 'Elevator', 'Gym', 'Pool'], maxUseCount: 1 });
    const phone = await newPhone(rig);
    const { page } = await openKey(rig, phone, key.url);
    await rig.api('/client_sessions/revoke', { client_session_id: key.clientSessionId });
    await returnToTab(page);
    expect(await waitForFeedback(page, ['key-revoked'])).toBe('key-revoked');
    await page.$eval('.entrance[data-type="amenity"]:last-child button.unlock', (b) => b.scrollIntoView());
    await tapUnlock(page, 'Pool');
    const fb = await feedbackOf(page);
    expect(fb.title).toBe('This key was revoked');
    const placed = await statusPlacement(page);
    expect(placed.entranceId).toBe(await page.$eval('.entrance[data-type="amenity"]:last-child', (el) => (el as HTMLElement).dataset['entranceId']));
    expect(placed.bottom).toBeLessThanOrEqual(placed.viewportHeight);
    expect(await appState<number | undefined>(page, 'lastUnlockMs')).toBeUndefined(); // no Bluetooth was tried
    expect(await page.$eval('#key-meta', (el) => el.textContent)).toBe(''); // no "valid until" for a dead key
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'revoked-open-tab');
  });

  it('a cancelled stay says so, with no "valid until" over an empty list', async () => {
    const key = await issueKey(rig, { entrances: ['Room 102'], maxUseCount: 1 });
    const phone = await newPhone(rig);
    const { page } = await openKey(rig, phone, key.url);
    await rig.api('/access_grants/delete', { access_grant_id: key.accessGrantId });
    await returnToTab(page);
    const state = await waitForFeedback(page, ['key-cancelled', 'key-revoked', 'key-expired']);
    expect(state).toBe('key-cancelled');
    expect(await page.$eval('#key-meta', (el) => el.textContent)).toBe('');
    await screenshot(page, 'stay-cancelled');
  });

  it('"Open now" follows the clock while the tab stays open', async () => {
    rig.clock.set(nextBerlin(rig.clock.now(), 5)); // 05:30 in Berlin: the gym opens at 06:00
    const key = await issueKey(rig, { entrances: ['Gym'], maxUseCount: 1 });
    const phone = await newPhone(rig);
    const { page } = await openKey(rig, phone, key.url);
    expect(await page.$eval('.badge', (el) => el.textContent)).toBe('Closed now');
    rig.clock.advance(HOUR);
    await returnToTab(page);
    expect(await page.$eval('.badge', (el) => el.textContent)).toBe('Open now');
    expect(await cumulativeLayoutShift(page)).toBeLessThan(0.1);
  });

  it('a link with the sentence\'s full stop opens the key; a broken link gets a page in words', async () => {
    const key = await issueKey(rig, { entrances: ['Room 101'], maxUseCount: 2 });
    const phone = await newPhone(rig);
    const { page } = await openKey(rig, phone, `${key.url}.`);
    expect(page.url()).toBe(key.url);
    // The same phone: its service worker must not turn the cloud's 404 into the app shell.
    const bad = await phone.context.newPage();
    await bad.setViewport(phoneViewport);
    const res = await bad.goto(`${rig.cloud.url}/ik/abc123`);
    expect(res?.status()).toBe(404);
    expect(await bad.$eval('h1', (el) => el.textContent)).toBe('This key link does not work');
    expect(await bad.evaluate(() => document.body.innerText)).not.toMatch(/not_found|"error"/);
    expect(await axeViolations(bad)).toEqual([]);
    await screenshot(bad, 'bad-link');
  });
});
