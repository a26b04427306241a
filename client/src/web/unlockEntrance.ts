/**
 * One unlock from the web app. The browser's chooser (filtered to this entrance's locks) stands in
 * for the scan; then the client core's `attemptAccess` runs exactly as in the noble client: the
 * keyrig channel (responses pulled by reads), the phone side of the handshake (PROTOCOL.md §7),
 * one command, the lock's audit records. Returns the outcome as data; only bugs throw.
 */
import { decodeLockInfo, lockTypeName, normalLockStatus, ResultCode, systemClock, type Clock, type LockTypeValue, type SealedAudit, type HeldCredential, type ProviderKeys, type ResultCodeName } from '@keyrig/protocol';
import { attemptAccess, type AccessAttempt } from '../core/accessLock.js';
import { chooseDocument, documentForLockTime } from '../core/chooseDocument.js';
import type { BlobCourier } from '../core/BlobCourier.js';
import type { Central, GattLink } from '../core/central.js';
import { BleError } from '../core/errors.js';
import type { NearbyLock } from '../core/nearby.js';
import { lockFilters } from './lockFilters.js';
import type { EntranceView } from './ui.js';
import type { Bluetooth, BluetoothDevice } from './webBluetoothTypes.js';
import { WebBluetoothLink } from './WebBluetoothLink.js';

export type UnlockPhase = 'searching' | 'connecting' | 'unlocking';

export type UnlockResult =
  | { kind: 'granted'; floors: readonly number[]; lockId: string; auditRecords: readonly SealedAudit[] }
  | { kind: 'denied'; code: ResultCodeName; reason?: string; lockId?: string; auditRecords: readonly SealedAudit[] }
  | { kind: 'cancelled' }
  | { kind: 'bluetooth-off'; detail: string }
  | { kind: 'out-of-range'; detail: string }
  | { kind: 'timeout'; detail: string }
  | { kind: 'error'; detail: string };

export interface UnlockOptions {
  bluetooth: Bluetooth;
  entrance: EntranceView;
  floors?: readonly number[];
  credentials: readonly HeldCredential[];
  endpointKey: CryptoKeyPair;
  providerKeys: ProviderKeys;
  /** Provider-signed blocklist (always carried) and time sync (carried once per lock, §9). */
  blocklist?: Uint8Array;
  timeSync?: Uint8Array;
  /** When the page got `timeSync`, on the system clock the session runs on: its age goes to the lock (§9). */
  timeSyncReceivedAt?: number;
  courier: BlobCourier;
  /** The cloud's time (phone clock + offset), for the time sync's freshness. */
  now: () => number;
  onPhase?: (phase: UnlockPhase) => void;
  /** Link + GATT discovery (default 10 s). */
  connectTimeoutMs?: number;
  /** The clock radio deadlines run on (default systemClock; main.ts passes its one clock). */
  wallClock?: Clock;
}

/** The credential for a lock at time `t`: the client core's one choice rule (chooseDocument.ts, CLIENT.md P1). */
export function credentialFor(credentials: readonly HeldCredential[], lockId: string, t: number): HeldCredential | undefined {
  return chooseDocument(credentials, lockId, t);
}

function classifyRequestError(e: unknown): UnlockResult {
  const err = e as DOMException;
  const message = err?.message ?? String(e);
  if (err?.name === 'NotFoundError' && /adapter|bluetooth.*(off|disabled|not available)/i.test(message)) {
    return { kind: 'bluetooth-off', detail: message };
  }
  if (err?.name === 'NotFoundError') return { kind: 'cancelled' };
  return { kind: 'error', detail: `${err?.name ?? 'Error'}: ${message}` };
}

/**
 * The core's Central for one device the user picked: `connect` hands out the link opened to read
 * the lock's info first, then reconnects for any retry (there is nothing to scan: the chooser did).
 */
class ChosenDeviceCentral implements Central {
  #first: GattLink | undefined;
  constructor(
    private readonly device: BluetoothDevice,
    first: GattLink,
    private readonly timeoutMs: number,
    private readonly wallClock: Clock,
  ) {
    this.#first = first;
  }
  async scan(): Promise<never> {
    throw new BleError('unsupported', 'the browser chooser replaces scanning');
  }
  async connect(): Promise<GattLink> {
    const first = this.#first;
    this.#first = undefined;
    if (first?.connected) return first;
    return WebBluetoothLink.connect(this.device, { timeoutMs: this.timeoutMs, wallClock: this.wallClock });
  }
  async close(): Promise<void> {
    await this.#first?.disconnect();
  }
}

function fromAttempt(a: AccessAttempt): UnlockResult {
  if (a.outcome === 'granted') return { kind: 'granted', floors: a.grantedFloors, lockId: a.lockId, auditRecords: a.auditRecords };
  if (a.outcome === 'denied' && a.codeName !== null) {
    return { kind: 'denied', code: a.codeName, reason: a.reason, lockId: a.lockId, auditRecords: a.auditRecords };
  }
  return /timed out|within|no answer/i.test(a.reason) ? { kind: 'timeout', detail: a.reason } : { kind: 'out-of-range', detail: a.reason };
}

/** Runs one unlock; `onPhase` follows the user through chooser, connection and handshake. */
export async function unlockEntrance(options: UnlockOptions): Promise<UnlockResult> {
  const { bluetooth, entrance } = options;
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const wallClock = options.wallClock ?? systemClock;
  options.onPhase?.('searching');
  let device: BluetoothDevice;
  try {
    device = await bluetooth.requestDevice({ filters: lockFilters(entrance.lockIds) });
  } catch (e) {
    return classifyRequestError(e);
  }

  options.onPhase?.('connecting');
  let link: WebBluetoothLink;
  let lockId: string;
  let lockType: number;
  try {
    link = await WebBluetoothLink.connect(device, { timeoutMs: connectTimeoutMs, wallClock });
    const info = decodeLockInfo(await link.readInfo());
    lockId = info.lockId;
    lockType = info.lockType;
  } catch (e) {
    const message = (e as Error).message;
    return /timed out/i.test(message) ? { kind: 'timeout', detail: message } : { kind: 'out-of-range', detail: message };
  }
  // t = the phone's clock (the one the session runs on), not the cloud-adjusted `now`.
  const credential = entrance.lockIds.includes(lockId) ? credentialFor(options.credentials, lockId, wallClock.now()) : undefined;
  if (!credential) {
    await link.disconnect();
    return { kind: 'denied', code: 'WRONG_LOCK', reason: 'this lock is not at the chosen entrance', lockId, auditRecords: [] };
  }

  options.onPhase?.('unlocking');
  const central = new ChosenDeviceCentral(device, link, connectTimeoutMs, wallClock);
  // The chooser gave no advertisement to the page: the lock described itself in its info value.
  const lock: NearbyLock = {
    sighting: { peripheralId: device.id, rssi: 0, serviceUuids: [], seenAt: options.now() },
    advertisement: { version: 1, lockType: lockType as LockTypeValue, status: normalLockStatus, securityRevision: 0, lockId },
    lockId,
    lockType: lockTypeName(lockType),
  };
  const action =
    entrance.type === 'elevator' && options.floors && options.floors.length > 0
      ? ({ op: 'selectFloors', floors: options.floors } as const)
      : ({ op: 'unlock' } as const);
  const timeSync = options.timeSync ? options.courier.timeSyncFor(lockId, options.timeSync, options.now()) : undefined;
  const attempt = (carry: Uint8Array | undefined, presented = credential): Promise<AccessAttempt> =>
    attemptAccess({
      central,
      lock,
      action,
      material: {
        credential: presented,
        endpointKey: options.endpointKey,
        providerKeys: options.providerKeys,
        ...(options.blocklist ? { blocklist: options.blocklist } : {}),
        ...(carry ? { timeSync: carry } : {}),
        ...(carry && options.timeSyncReceivedAt !== undefined ? { timeSyncReceivedAt: options.timeSyncReceivedAt } : {}),
      },
      // Web Bluetooth in emulation cannot deliver notifications, and reads work everywhere.
      responseMode: 'read',
      connectTimeoutMs,
      radioClock: wallClock,
    });
  try {
    let a = await attempt(timeSync);
    if (timeSync && a.code === ResultCode.STALE_BLOB) {
      // The lock already has this (or a newer) time sync, from us or another phone: go without.
      options.courier.delivered(lockId, timeSync);
      a = await attempt(undefined);
    } else if (timeSync && a.code !== null && a.code !== ResultCode.WRONG_LOCK) {
      options.courier.delivered(lockId, timeSync);
    }
    // P2 (CLIENT.md): refused on time while another held document is the choice at the lock's time.
    const atLock = documentForLockTime(options.credentials, lockId, { codeName: a.codeName, presentedId: credential.document.credentialId, lockTime: a.lockTime });
    if (atLock !== undefined) a = await attempt(undefined, atLock);
    return fromAttempt(a);
  } catch (e) {
    return { kind: 'error', detail: (e as Error).message };
  } finally {
    await central.close().catch(() => undefined);
  }
}
