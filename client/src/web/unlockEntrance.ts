/**
 * One unlock from the web app: the browser's chooser (filtered to this entrance's locks), a
 * Web Bluetooth link, the keyrig channel (framing, responses pulled by reads) and the phone side
 * of the handshake (PROTOCOL.md §7), then one command. Returns the outcome as data; only
 * programming errors throw.
 */
import {
  PhoneSession,
  ResultCode,
  type CommandOutcome,
  type HeldCredential,
  type ProviderKeys,
  type ResultCodeName,
} from '@keyrig/protocol';
import { LockChannel } from '../core/LockChannel.js';
import { lockFilters } from './lockFilters.js';
import type { EntranceView } from './ui.js';
import type { Bluetooth, BluetoothDevice } from './webBluetoothTypes.js';
import { WebBluetoothLink } from './WebBluetoothLink.js';

export type UnlockPhase = 'searching' | 'connecting' | 'unlocking';

export type UnlockResult =
  | { kind: 'granted'; floors: readonly number[]; outcome: CommandOutcome; lockId: string }
  | { kind: 'denied'; code: ResultCodeName; reason?: string; lockId?: string }
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
  onPhase?: (phase: UnlockPhase) => void;
  /** Link + GATT discovery (default 10 s). */
  connectTimeoutMs?: number;
  /** Each response from the lock (default 5 s). */
  responseTimeoutMs?: number;
}

/** The credential for a lock: the most recently issued one that lists it (a reissue supersedes). */
export function credentialFor(credentials: readonly HeldCredential[], lockId: string): HeldCredential | undefined {
  let best: HeldCredential | undefined;
  for (const c of credentials) {
    if (c.document.entrances.includes(lockId) && (!best || c.document.issuedAt > best.document.issuedAt)) best = c;
  }
  return best;
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

/** Runs one unlock; `onPhase` follows the user through chooser, connection and handshake. */
export async function unlockEntrance(options: UnlockOptions): Promise<UnlockResult> {
  const { bluetooth, entrance } = options;
  options.onPhase?.('searching');
  let device: BluetoothDevice;
  try {
    device = await bluetooth.requestDevice({ filters: lockFilters(entrance.lockIds) });
  } catch (e) {
    return classifyRequestError(e);
  }

  options.onPhase?.('connecting');
  let link: WebBluetoothLink;
  try {
    link = await WebBluetoothLink.connect(device, { timeoutMs: options.connectTimeoutMs ?? 10_000 });
  } catch (e) {
    const message = (e as Error).message;
    return /timed out/i.test(message) ? { kind: 'timeout', detail: message } : { kind: 'out-of-range', detail: message };
  }

  options.onPhase?.('unlocking');
  let channel: LockChannel | undefined;
  try {
    channel = await LockChannel.open(link, { responseMode: 'read', responseTimeoutMs: options.responseTimeoutMs ?? 5000 });
    const lockId = channel.info.lockId;
    if (!entrance.lockIds.includes(lockId)) {
      return { kind: 'denied', code: 'WRONG_LOCK', reason: 'this lock is not at the chosen entrance', lockId };
    }
    const credential = credentialFor(options.credentials, lockId);
    if (!credential) return { kind: 'denied', code: 'WRONG_LOCK', reason: 'no credential for this lock', lockId };

    const open = channel;
    let failure: Error | undefined;
    const session = new PhoneSession({
      clock: { now: () => Date.now() },
      credential,
      endpointKey: options.endpointKey,
      providerKeys: options.providerKeys,
      expectedLockId: lockId,
      send: (m) => open.send(m),
    });
    open.onMessage((m) => void session.receive(m));
    open.onFailure((e) => {
      failure = e;
      session.abort(ResultCode.DEADLINE_EXCEEDED, e.message);
    });

    const handshake = await session.start();
    if (!handshake.ok) return refusal(handshake.codeName, handshake.reason, failure, lockId);
    const outcome =
      entrance.type === 'elevator' && options.floors && options.floors.length > 0
        ? await session.selectFloors(options.floors)
        : await session.unlock();
    if (outcome.code === ResultCode.GRANTED) {
      return { kind: 'granted', floors: outcome.grantedFloors, outcome, lockId };
    }
    return refusal(outcome.codeName, outcome.reason, failure, lockId);
  } catch (e) {
    return { kind: 'error', detail: (e as Error).message };
  } finally {
    channel?.close();
    await link.disconnect().catch(() => undefined);
  }
}

/** A refusal from the lock is a denial; one made up locally after a broken link is a timeout or an error. */
function refusal(code: ResultCodeName, reason: string | undefined, failure: Error | undefined, lockId: string): UnlockResult {
  if (failure) {
    return /timed out|no response|within/i.test(failure.message)
      ? { kind: 'timeout', detail: failure.message }
      : { kind: 'out-of-range', detail: failure.message };
  }
  return { kind: 'denied', code, ...(reason !== undefined ? { reason } : {}), lockId };
}
