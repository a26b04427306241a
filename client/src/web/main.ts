/**
 * The instant-key web app: shows the key saved on this device at once, refreshes it from the
 * cloud in the background (at start, every few minutes, when the tab comes back to the front, and
 * after the lock said the key expired or was revoked), lists the holder's entrances and unlocks
 * them over Web Bluetooth, with feedback in one status sheet the guest always sees.
 */
import { fromBase64Url, OffsetClock, systemClock, toBase64Url, type CancelTimer, type Clock, type ResultCodeName } from '@keyrig/protocol';
import { BlobCourier } from '../core/BlobCourier.js';
import type { Feedback } from './feedback.js';
import { IndexedDbKeyStore } from './IndexedDbKeyStore.js';
import { applyIdentity, showHelp } from './identity.js';
import { describeStay, entrancesOf, openNowOf } from './keyView.js';
import { instantKeyUrlFor, loadCachedKey, loadKey, type LoadedKey } from './loadKey.js';
import { isIos } from './platform.js';
import { disableAll, renderEntrances, setBusy, showFeedback, updateOpenNow, type EntranceView, type UnlockRequest } from './ui.js';
import { unlockEntrance, type UnlockResult } from './unlockEntrance.js';
import { webBluetooth } from './webBluetoothTypes.js';

/** After this long in the browser's chooser with nothing picked, the page suggests what to check. */
const STILL_SEARCHING_AFTER_MS = 6000;
/** How often an open tab asks the cloud whether the key changed (also on focus). */
const REFRESH_EVERY_MS = 2 * 60_000;
/** "Open now" badges are recomputed this often. */
const BADGES_EVERY_MS = 60_000;

/** The page's one clock: the phone's wall clock; the cloud's time is this plus the key's offset. */
const clock: Clock = systemClock;

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

type Ready = Extract<LoadedKey, { status: 'ready' }>;
type Refusal = 'key-expired' | 'key-revoked' | 'key-used' | 'key-invalid' | 'key-cancelled';

/** Page state tests can read (window.keyrigApp); never holds secrets. */
interface AppStatus {
  feedback: Feedback['state'];
  offline: boolean;
  lastUnlockMs?: number;
  entrances: number;
  /** Audit records the cloud recorded from this page's uploads. */
  auditUploaded?: number;
  /** Completed refreshes from the cloud (tests wait for the next one). */
  refreshes: number;
  /** The stay's end as the page shows it (ISO), or null. */
  keyExpiresAt: string | null;
}
const status: AppStatus = { feedback: 'loading', offline: false, entrances: 0, refreshes: 0, keyExpiresAt: null };
(window as unknown as { keyrigApp: AppStatus }).keyrigApp = status;

function feedback(f: Feedback, entranceId?: string): void {
  status.feedback = f.state;
  showFeedback($('feedback'), f, entranceId);
}

function resultFeedback(entrance: string, r: UnlockResult): Feedback {
  switch (r.kind) {
    case 'granted':
      return { state: 'granted', entrance, floors: r.floors };
    case 'denied':
      return { state: 'denied', entrance, code: r.code as ResultCodeName, ...(r.reason !== undefined ? { reason: r.reason } : {}) };
    case 'cancelled':
      return { state: 'not-found', entrance };
    case 'bluetooth-off':
      return { state: 'bluetooth-off' };
    case 'out-of-range':
      return { state: 'out-of-range', entrance, detail: r.detail };
    case 'timeout':
      return { state: 'timeout', entrance, detail: r.detail };
    case 'error':
      return { state: 'error', entrance, detail: r.detail };
  }
}

function refusalOf(loaded: Exclude<LoadedKey, Ready>): Feedback {
  const state = { expired: 'key-expired', revoked: 'key-revoked', used: 'key-used', invalid: 'key-invalid' } as const;
  return loaded.status === 'invalid' ? { state: 'key-invalid', detail: loaded.detail } : { state: state[loaded.status] };
}

async function start(): Promise<void> {
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('sw.js').catch(() => undefined); // offline support is a bonus, never a blocker
  }
  const store = new IndexedDbKeyStore();
  const url = await instantKeyUrlFor(location.href, store);
  if (!url) {
    feedback({ state: 'key-invalid', detail: 'Open the key link you received by email or text message.' });
    return;
  }
  const bluetooth = webBluetooth();
  const ios = !bluetooth && isIos(navigator.userAgent, navigator.maxTouchPoints);
  const list = $('entrances');
  const connectivity = $('connectivity');
  const courier = new BlobCourier();

  let current: Ready | undefined;
  let refusal: Feedback | undefined;
  let rendered = '';
  let busy = false;
  let pendingRender: Ready | undefined;

  const cloudNow = (): number => clock.now() + (current?.key.clockOffsetMs ?? 0);

  const render = (loaded: Ready): void => {
    if (busy) {
      pendingRender = loaded; // never re-render under the guest's finger
      return;
    }
    current = loaded;
    refusal = undefined;
    if (list.classList.contains('entrances--void')) {
      list.classList.remove('entrances--void');
      rendered = ''; // the Unlock buttons come back
    }
    status.offline = loaded.offline;
    const { key } = loaded;
    applyIdentity(document, key);
    const entrances = entrancesOf(key, cloudNow());
    status.entrances = entrances.length;
    status.keyExpiresAt = key.preview.expires_at;
    const meta = $('key-meta');
    meta.textContent = entrances.length > 0 ? describeStay(key) : '';
    const shape = JSON.stringify(entrances);
    if (shape !== rendered) {
      const focused = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('.entrance')?.dataset['entranceId'];
      renderEntrances(list, entrances, (r) => void onUnlock(r));
      rendered = shape;
      if (focused) list.querySelector<HTMLButtonElement>(`.entrance[data-entrance-id="${CSS.escape(focused)}"] button.unlock`)?.focus();
    }
    $('entrances-heading').hidden = entrances.length === 0;
    if (!bluetooth) disableAll(list);
    if (entrances.length === 0) {
      // A cancelled stay: the cloud still knows the key, but it opens nothing.
      refusal = { state: 'key-cancelled' };
      feedback(refusal);
    }
  };

  /**
   * The cloud said no. On opening (its first answer in this tab) the cards go: the guest sees why
   * and nothing else. In a tab that already showed the key, the cards stay where the guest's
   * finger is, and an Unlock tap there says why not, with no Bluetooth tried.
   */
  const refuse = (f: Feedback, firstAnswer: boolean): void => {
    refusal = f;
    feedback(f);
    $('key-meta').textContent = '';
    if (firstAnswer) {
      list.replaceChildren();
      rendered = '';
      status.entrances = 0;
    }
    for (const b of Array.from(list.querySelectorAll<HTMLButtonElement>('button.unlock'))) b.setAttribute('aria-disabled', 'true');
    list.classList.add('entrances--void');
    if (list.children.length === 0) $('entrances-heading').hidden = true;
  };

  let refreshing: Promise<void> | undefined;
  const refresh = (): Promise<void> =>
    (refreshing ??= (async () => {
      try {
        const loaded = await loadKey(url, store, clock);
        if (loaded.status !== 'ready') refuse(refusalOf(loaded), status.refreshes === 0);
        else if (loaded.offline) {
          status.offline = true;
          connectivity.textContent = 'Offline: using the key saved on this device.';
          if (!current) render(loaded);
        } else {
          connectivity.textContent = 'Up to date.';
          const wasWaiting = status.feedback === 'loading' || refusal !== undefined;
          render(loaded);
          if (wasWaiting && !refusal) await showReady();
        }
      } catch (e) {
        if (!current) feedback({ state: 'error', detail: (e as Error).message });
      } finally {
        status.refreshes++;
        refreshing = undefined;
      }
    })());

  const showReady = async (): Promise<void> => {
    if (!bluetooth) {
      feedback({ state: 'unsupported', ios });
      showHelp(document, { ios, propertyName: current?.key.page?.property_name ?? null, frontDesk: current?.key.page?.front_desk ?? null });
      return;
    }
    if (!(await bluetooth.getAvailability())) {
      feedback({ state: 'bluetooth-off' });
      return;
    }
    feedback({ state: 'ready' });
  };

  const onUnlock = async ({ entrance, floors }: UnlockRequest): Promise<void> => {
    if (busy || !current) return;
    if (refusal) {
      feedback(refusal, entrance.id); // refused here: the cloud already said this key opens nothing
      return;
    }
    if (!bluetooth) {
      feedback({ state: 'unsupported', ios }, entrance.id);
      return;
    }
    busy = true;
    setBusy(list, entrance.id);
    // Keep the tapped button clear of the status sheet (html's scroll-padding-bottom is its height).
    list.querySelector<HTMLElement>(`.entrance[data-entrance-id="${CSS.escape(entrance.id)}"] button.unlock`)?.scrollIntoView({ block: 'nearest' });
    const { key, credentials, providerKeys, endpointKey, api } = current;
    const cloudClock = new OffsetClock(clock, key.clockOffsetMs);
    const started = performance.now();
    let cancelWatchdog: CancelTimer = () => {};
    let result: UnlockResult | undefined;
    try {
      if (!(await bluetooth.getAvailability())) {
        feedback({ state: 'bluetooth-off' }, entrance.id);
        return;
      }
      result = await unlockEntrance({
        bluetooth, entrance, ...(floors ? { floors } : {}), credentials, endpointKey, providerKeys,
        blocklist: fromBase64Url(key.bundle.blocklist.signed),
        timeSync: fromBase64Url(key.bundle.time_sync.signed),
        timeSyncReceivedAt: key.savedAt,
        courier,
        now: () => cloudClock.now(),
        wallClock: clock,
        onPhase: (phase) => {
          cancelWatchdog();
          feedback({ state: phase, entrance: entrance.name }, entrance.id);
          if (phase === 'searching') {
            cancelWatchdog = clock.setTimer(STILL_SEARCHING_AFTER_MS, () => feedback({ state: 'still-searching', entrance: entrance.name }, entrance.id));
          }
        },
      });
      cancelWatchdog();
      status.lastUnlockMs = Math.round(performance.now() - started);
      if (result.kind === 'timeout' || result.kind === 'out-of-range' || result.kind === 'error') console.info(`unlock ${entrance.name}: ${result.detail}`);
      feedback(resultFeedback(entrance.name, result), entrance.id);
      uploadAudit(api, result);
    } finally {
      cancelWatchdog();
      busy = false;
      setBusy(list, undefined);
      if (pendingRender) {
        const next = pendingRender;
        pendingRender = undefined;
        render(next);
      }
    }
    // The lock knows something the page does not yet: ask the cloud now (an extension shows up).
    if (result?.kind === 'denied' && (result.code === 'EXPIRED' || result.code === 'REVOKED')) void refresh();
  };

  const uploadAudit = (api: Ready['api'], result: UnlockResult): void => {
    if ((result.kind !== 'granted' && result.kind !== 'denied') || !result.lockId || result.auditRecords.length === 0) return;
    // The lock's audit trail goes to the cloud, sealed by the lock (PROTOCOL.md §10.1): the page
    // relays bytes it cannot read. Best effort (no signal in the elevator is fine).
    const lockId = result.lockId;
    void api
      .uploadAudit(result.auditRecords.map((r) => ({ lock_id: lockId, record: toBase64Url(r.sealed) })))
      .then((r) => (status.auditUploaded = (status.auditUploaded ?? 0) + r.recorded))
      .catch(() => undefined);
  };

  // The saved copy first: a guest at the door sees their key at once, whatever the signal.
  const cached = await loadCachedKey(url, store).catch(() => undefined);
  if (cached) {
    connectivity.textContent = 'Checking for updates…';
    render(cached);
    await showReady();
  }
  await refresh();

  const again = (): void => {
    if (document.visibilityState === 'visible') void refresh();
  };
  window.addEventListener('focus', again);
  document.addEventListener('visibilitychange', again);
  window.addEventListener('online', again);
  const poll = (): void => {
    clock.setTimer(REFRESH_EVERY_MS, () => {
      again();
      poll();
    });
  };
  poll();
  const badges = (): void => {
    clock.setTimer(BADGES_EVERY_MS, () => {
      if (current) updateOpenNow(list, (id) => openNowOf(current!.key, id, cloudNow()));
      badges();
    });
  };
  badges();
}

void start();

export type { EntranceView };
