/**
 * The instant-key web app: opens the key (online, or from the offline cache), applies its
 * customization, lists the holder's entrances and unlocks them over Web Bluetooth with clear
 * feedback in one live region.
 */
import {
  fromBase64Url,
  isOpenAt,
  OffsetClock,
  systemClock,
  toBase64Url,
  type CancelTimer,
  type Clock,
  type ResultCodeName,
  type WeeklySchedule,
} from '@keyrig/protocol';
import { BlobCourier } from '../core/BlobCourier.js';
import type { Feedback } from './feedback.js';
import { IndexedDbKeyStore } from './IndexedDbKeyStore.js';
import { instantKeyUrlFor, loadKey, type CachedKey, type LoadedKey } from './loadKey.js';
import { applyCustomization } from './theme.js';
import { disableAll, renderEntrances, setBusy, showFeedback, type EntranceType, type EntranceView, type UnlockRequest } from './ui.js';
import { unlockEntrance, type UnlockResult } from './unlockEntrance.js';
import { webBluetooth } from './webBluetoothTypes.js';

/** After this long in the browser's chooser with nothing picked, the page suggests what to check. */
const STILL_SEARCHING_AFTER_MS = 6000;

/** The page's one clock: the phone's wall clock; the cloud's time is this plus the key's offset. */
const clock: Clock = systemClock;

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

/** Page state tests can read (window.keyrigApp); never holds secrets. */
interface AppStatus {
  feedback: Feedback['state'];
  offline: boolean;
  lastUnlockMs?: number;
  entrances: number;
  /** Audit records the cloud recorded from this page's uploads. */
  auditUploaded?: number;
}
const status: AppStatus = { feedback: 'loading', offline: false, entrances: 0 };
(window as unknown as { keyrigApp: AppStatus }).keyrigApp = status;

function feedback(f: Feedback): void {
  status.feedback = f.state;
  showFeedback($('feedback'), f);
}

function entrancesOf(key: CachedKey): EntranceView[] {
  const now = clock.now() + key.clockOffsetMs;
  const byId = new Map<string, EntranceView>();
  for (const c of key.bundle.credentials) {
    const known = byId.get(c.acs_entrance_id);
    if (known) {
      for (const l of c.lock_ids) if (!known.lockIds.includes(l)) known.lockIds.push(l);
      continue;
    }
    const hours = (c as { hours?: WeeklySchedule | null }).hours ?? null;
    // A hint for the key holder only (the lock decides); no hours, no hint.
    const openNow = hours ? isOpenAt(hours, now, c.time_zone ?? 'UTC') : undefined;
    byId.set(c.acs_entrance_id, {
      id: c.acs_entrance_id,
      name: c.entrance_name,
      type: (['door', 'elevator', 'amenity'].includes(c.entrance_type) ? c.entrance_type : 'door') as EntranceType,
      lockIds: [...c.lock_ids],
      ...(c.floors.length > 0 ? { floors: [...c.floors] } : {}),
      ...(c.hours_description && hours ? { hours: c.hours_description } : {}),
      ...(openNow !== undefined ? { openNow } : {}),
    });
  }
  const order: Record<EntranceType, number> = { door: 0, elevator: 1, amenity: 2 };
  return [...byId.values()].sort((a, b) => order[a.type] - order[b.type] || a.name.localeCompare(b.name));
}

function describeExpiry(key: CachedKey): string {
  const expires = Date.parse(key.preview.expires_at);
  const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(expires);
  return `Key valid until ${when}.`;
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

  let loaded: LoadedKey;
  try {
    loaded = await loadKey(url, store, clock);
  } catch (e) {
    feedback({ state: 'error', detail: (e as Error).message });
    return;
  }
  if (loaded.status !== 'ready') {
    const state = { expired: 'key-expired', revoked: 'key-revoked', used: 'key-used', invalid: 'key-invalid' } as const;
    feedback(loaded.status === 'invalid' ? { state: 'key-invalid', detail: loaded.detail } : { state: state[loaded.status] });
    $('entrances-heading').hidden = true;
    return;
  }

  const { key, credentials, providerKeys, endpointKey, api } = loaded;
  const courier = new BlobCourier();
  const cloudClock = new OffsetClock(clock, key.clockOffsetMs);
  status.offline = loaded.offline;
  applyCustomization(document, key.preview.customization ?? undefined, 'Hotel');
  const meta = $('key-meta');
  meta.textContent = describeExpiry(key);
  meta.hidden = false;
  const connectivity = $('connectivity');
  if (loaded.offline) {
    connectivity.textContent = 'Offline: using the key saved on this device.';
    connectivity.hidden = false;
  }

  const list = $('entrances');
  const entrances = entrancesOf(key);
  status.entrances = entrances.length;
  const bluetooth = webBluetooth();
  let busy = false;

  const onUnlock = async ({ entrance, floors }: UnlockRequest): Promise<void> => {
    if (busy) return;
    if (!bluetooth) {
      feedback({ state: 'unsupported' });
      return;
    }
    busy = true;
    setBusy(list, entrance.id);
    const started = performance.now();
    let cancelWatchdog: CancelTimer = () => {};
    try {
      if (!(await bluetooth.getAvailability())) {
        feedback({ state: 'bluetooth-off' });
        return;
      }
      const result = await unlockEntrance({
        bluetooth,
        entrance,
        ...(floors ? { floors } : {}),
        credentials,
        endpointKey,
        providerKeys,
        blocklist: fromBase64Url(key.bundle.blocklist.signed),
        timeSync: fromBase64Url(key.bundle.time_sync.signed),
        timeSyncReceivedAt: key.savedAt,
        courier,
        now: () => cloudClock.now(),
        wallClock: clock,
        onPhase: (phase) => {
          cancelWatchdog();
          feedback({ state: phase, entrance: entrance.name });
          if (phase === 'searching') {
            cancelWatchdog = clock.setTimer(STILL_SEARCHING_AFTER_MS, () => feedback({ state: 'still-searching', entrance: entrance.name }));
          }
        },
      });
      cancelWatchdog();
      status.lastUnlockMs = Math.round(performance.now() - started);
      feedback(resultFeedback(entrance.name, result));
      if ((result.kind === 'granted' || result.kind === 'denied') && result.lockId && result.auditRecords.length > 0) {
        // The lock's audit trail goes to the cloud, sealed by the lock (PROTOCOL.md §10.1): the page
        // relays bytes it cannot read. Best effort (no signal in the elevator is fine).
        const lockId = result.lockId;
        void api
          .uploadAudit(result.auditRecords.map((r) => ({ lock_id: lockId, record: toBase64Url(r.sealed) })))
          .then((r) => (status.auditUploaded = (status.auditUploaded ?? 0) + r.recorded))
          .catch(() => undefined);
      }
    } finally {
      cancelWatchdog();
      busy = false;
      setBusy(list, undefined);
    }
  };

  renderEntrances(list, entrances, (r) => void onUnlock(r));
  if (!bluetooth) {
    feedback({ state: 'unsupported' });
    disableAll(list);
    return;
  }
  if (!(await bluetooth.getAvailability())) {
    feedback({ state: 'bluetooth-off' });
    return;
  }
  feedback({ state: 'ready' });
}

void start();
