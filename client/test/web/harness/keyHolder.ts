/**
 * What a test does as the hotel (issue a key through the cloud's Seam-compatible API) and as the
 * key holder (open the link in the browser, tap Unlock, pick the lock in the chooser, read the
 * feedback), plus screenshots of each feedback state as artifacts.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BrowserContext, ElementHandle, Page } from 'puppeteer-core';
import { decodeManufacturerData } from '@keyrig/protocol';
import { phoneViewport } from './chromium.js';
import type { Rig } from './rig.js';

/** Screenshots land in <repo>/.artifacts/screenshots (git-ignored; CI keeps them as artifacts). */
export const screenshotDir = resolve(import.meta.dirname, '../../../../.artifacts/screenshots');

export interface IssuedKey {
  url: string;
  instantKeyId: string;
  clientSessionId: string;
  userIdentityId: string;
  accessGrantId: string;
}

export interface IssueKeyOptions {
  entrances: readonly string[];
  floors?: readonly number[];
  maxUseCount?: number;
  /** ms from the cloud's now. */
  expiresInMs?: number;
  customization?: { primary_color?: string; secondary_color?: string; logo_url?: string };
  fullName?: string;
  /** The stay's end (the grant's ends_at), ms from the cloud's now; none: open-ended. */
  endsInMs?: number;
}

let guests = 0;

/** Grants a new guest the named entrances and generates an instant key for them. */
export async function issueKey(rig: Rig, o: IssueKeyOptions): Promise<IssuedKey> {
  const { acs_entrances } = await rig.api<{ acs_entrances: { acs_entrance_id: string; display_name: string }[] }>('/acs/entrances/list');
  const ids = o.entrances.map((name) => {
    const e = acs_entrances.find((x) => x.display_name === name);
    if (!e) throw new Error(`no entrance "${name}"`);
    return e.acs_entrance_id;
  });
  guests++;
  const { access_grant } = await rig.api<{ access_grant: { access_grant_id: string; user_identity_id: string } }>('/access_grants/create', {
    user_identity: { full_name: o.fullName ?? `Guest ${guests}`, email_address: `guest${guests}-${Date.now()}@example.com` },
    acs_entrance_ids: ids,
    ...(o.floors ? { floors: o.floors } : {}),
    ...(o.endsInMs !== undefined ? { ends_at: new Date(rig.clock.now() + o.endsInMs).toISOString() } : {}),
    requested_access_methods: [{ mode: 'mobile_key' }],
  });
  const { instant_key } = await rig.api<{ instant_key: { instant_key_id: string; instant_key_url: string; client_session_id: string } }>('/user_identities/generate_instant_key', {
    user_identity_id: access_grant.user_identity_id,
    max_use_count: o.maxUseCount ?? 1,
    ...(o.customization ? { customization: o.customization } : {}),
    ...(o.expiresInMs !== undefined ? { expires_at: new Date(rig.clock.now() + o.expiresInMs).toISOString() } : {}),
  });
  return {
    url: instant_key.instant_key_url,
    instantKeyId: instant_key.instant_key_id,
    clientSessionId: instant_key.client_session_id,
    userIdentityId: access_grant.user_identity_id, accessGrantId: access_grant.access_grant_id,
  };
}

/** A key holder's phone: a browser context of its own (IndexedDB, caches, service workers). */
export interface Phone {
  context: BrowserContext;
  /** The tab showing the key (each openKey opens a new one, as reopening the link does). */
  page: Page | undefined;
}

export async function newPhone(rig: Rig): Promise<Phone> {
  return { context: await rig.chromium.browser.createBrowserContext(), page: undefined };
}

/**
 * Opens the key link in a new phone-sized tab and waits until the app settled on a first state.
 * A new tab rather than a navigation: puppeteer 24 keeps its device-prompt listener on the tab's
 * first CDP session, which a cross-document navigation can replace.
 */
export async function openKey(
  rig: Rig,
  phone: Phone,
  url: string,
  options: { offline?: boolean; settled?: readonly string[]; timezone?: string } = {},
): Promise<{ page: Page; state: string }> {
  const debug = (m: string): void => void (process.env.KEYRIG_TEST_DEBUG && console.log(`[test] openKey: ${m}`));
  // The previous tab stays open: chromium drops Bluetooth emulation when a tab that used Web
  // Bluetooth navigates away or closes (and a CDP command sent meanwhile can hang), see
  // BluetoothEmulation.ensureEnabled. resync() only checks, and repairs if it happened anyway.
  await rig.bridge.resync();
  debug(`resynced (re-enabled ${rig.emulation.reenabled})`);
  const page = await phone.context.newPage();
  phone.page = page;
  await rig.bridge.instrumentPage(page);
  await page.setViewport(phoneViewport);
  page.setDefaultTimeout(30_000);
  if (process.env.KEYRIG_TEST_DEBUG) {
    page.on('console', (m) => console.log(`[page] ${m.text()}`));
    page.on('pageerror', (e) => console.log(`[page error] ${String(e)}`));
  }
  if (options.offline) await page.setOfflineMode(true);
  if (options.timezone) await page.emulateTimezone(options.timezone);
  await page.goto(url);
  debug('loaded');
  // The service worker installs right after the first load; a device chooser opened while it
  // claims the page detaches puppeteer's page session, so let it settle first (harness concern).
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  // A key saved on this device shows at once ('ready') and the cloud's answer follows (issue #20):
  // the first state worth reading is after that first refresh (it also ends offline or refused).
  await waitForFirstRefresh(page);
  return { page, state: await waitForFeedback(page, options.settled ?? ['ready']) };
}

/**
 * Until the app finished its first refresh from the cloud (`keyrigApp.refreshes`), polled from
 * Node; a page without the app's status (an unsupported browser stops before) does not wait.
 */
async function waitForFirstRefresh(page: Page, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const refreshes = await page
      .evaluate(() => (window as unknown as { keyrigApp?: { refreshes: number; feedback: string } }).keyrigApp)
      .then((app) => (app === undefined || app.feedback === 'unsupported' ? Infinity : app.refreshes))
      .catch(() => 0);
    if (refreshes >= 1) return;
    if (Date.now() > deadline) throw new Error(`the app did not finish its first refresh within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Current feedback state and its words. */
export async function feedbackOf(page: Page): Promise<{ state: string; title: string; detail: string; role: string | null }> {
  return page.$eval('#feedback', (el) => ({
    state: (el as HTMLElement).dataset['state'] ?? '',
    title: el.querySelector('.feedback__title')?.textContent ?? '',
    detail: el.querySelector('.feedback__detail')?.textContent ?? '',
    role: el.getAttribute('role'),
  }));
}

/**
 * Waits until the feedback region shows one of `states`; returns the one shown. Polled from Node:
 * puppeteer's in-page waitForFunction stalls while chromium shows its Bluetooth-off chooser.
 */
export async function waitForFeedback(page: Page, states: readonly string[], timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    last = await page.$eval('#feedback', (el) => (el as HTMLElement).dataset['state'] ?? '').catch(() => last);
    if (states.includes(last)) return last;
    if (Date.now() > deadline) throw new Error(`feedback stayed "${last}", expected ${states.join(' or ')} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The Unlock button of the entrance card headed `name`. */
async function unlockButton(page: Page, name: string): Promise<ElementHandle<HTMLButtonElement>> {
  const handle = await page.waitForFunction(
    (n: string) =>
      Array.from(document.querySelectorAll('#entrances .entrance'))
        .find((li) => li.querySelector('.entrance__name')?.textContent === n)
        ?.querySelector<HTMLButtonElement>('button.unlock') ?? false,
    {},
    name,
  );
  return handle.asElement() as ElementHandle<HTMLButtonElement>;
}

/** Chooses an elevator floor the way a user does (tapping its button). */
export async function chooseFloor(page: Page, entrance: string, floor: number): Promise<void> {
  await page.evaluate(
    (n: string, f: number) => {
      const li = Array.from(document.querySelectorAll('#entrances .entrance')).find((x) => x.querySelector('.entrance__name')?.textContent === n);
      (li?.querySelector(`input[value="${f}"]`) as HTMLInputElement | null)?.click();
    },
    entrance,
    floor,
  );
}

/**
 * Taps Unlock on an entrance (or, with `keyboard`, focuses it and presses Enter) and, in the
 * browser's chooser, picks the lock of `lockId`.
 */
export async function unlockAt(
  rig: Rig,
  page: Page,
  entrance: string,
  lockId: string,
  options: { keyboard?: boolean; screenshotWhileSearching?: string; afterPick?: () => void } = {},
): Promise<{ state: string; ms: number }> {
  const address = await rig.bridge.waitForPeripheral((md) => {
    try {
      return decodeManufacturerData(md).lockId === lockId;
    } catch {
      return false;
    }
  });
  const button = await unlockButton(page, entrance);
  const started = Date.now();
  const press = async (): Promise<void> => {
    if (!options.keyboard) return button.click();
    await button.focus();
    await page.keyboard.press('Enter');
  };
  const [prompt] = await Promise.all([page.waitForDevicePrompt({ timeout: 20_000 }), press()]);
  if (options.screenshotWhileSearching) {
    await waitForFeedback(page, ['searching']);
    await screenshot(page, options.screenshotWhileSearching);
  }
  const device = await prompt.waitForDevice((d) => d.id === address, { timeout: 20_000 });
  options.afterPick?.();
  await prompt.select(device);
  const state = await waitForFeedback(page, ['granted', 'denied', 'out-of-range', 'timeout', 'error', 'not-found']);
  if (process.env.KEYRIG_TEST_DEBUG) {
    console.log(`[test] ${entrance}: ${JSON.stringify(await feedbackOf(page))}`);
    for (const t of rig.bridge.trace.filter((x) => x.at >= started && (state !== "granted" || !/^(read|write)$/.test(x.op)))) {
      console.log(`[bridge] +${t.at - started} ms ${t.address} ${t.op} ${t.detail ?? ''}`);
    }
  }
  return { state, ms: Date.now() - started };
}

/**
 * Brings the tab back to the front as far as the page can tell (focus + visibilitychange), which
 * makes the app ask the cloud again; resolves once that refresh finished.
 */
export async function returnToTab(page: Page): Promise<void> {
  const before = await page.evaluate(() => (window as unknown as { keyrigApp: { refreshes: number } }).keyrigApp.refreshes);
  await page.evaluate(() => {
    window.dispatchEvent(new Event('focus'));
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await page.waitForFunction((n: number) => (window as unknown as { keyrigApp: { refreshes: number } }).keyrigApp.refreshes > n, { timeout: 20_000 }, before);
}

/** Taps Unlock without a chooser expected (unsupported browser, adapter off/absent). */
export async function tapUnlock(page: Page, entrance: string): Promise<void> {
  await (await unlockButton(page, entrance)).click();
}

/** Saves a screenshot of the page as .artifacts/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`) as `${string}.png`;
  await page.screenshot({ path, fullPage: false }); // what the guest sees: the viewport, not the whole page
  return path;
}
