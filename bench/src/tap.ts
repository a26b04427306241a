/**
 * One tap-to-unlock from the phone's point of view, phase by phase: scan until the lock's scan
 * response is heard, connect (+ GATT discovery of the keyrig service, ATT MTU exchange), open the
 * channel (info read, CCCD write), handshake (HELLO / LOCK_AUTH / PHONE_AUTH / SESSION_READY),
 * unlock (COMMAND / RESULT). Built from the client's public pieces (Central, LockChannel,
 * PhoneSession) rather than `attemptAccess`, so each phase can be timed; the audit fetch that
 * `attemptAccess` adds after the RESULT is not part of "tap to unlock".
 */
import { findNearbyLocks, LockChannel, type Central } from '@keyrig/client';
import { PhoneSession, ResultCode, systemClock, type ProviderKeys } from '@keyrig/protocol';
import type { PhoneKey } from './world.js';

/** Phase boundaries, in the caller's time base (phone simulated ms, or wall ms). */
export interface TapTimes {
  readonly start: number;
  readonly seen: number;
  readonly connected: number;
  readonly channelOpen: number;
  readonly sessionReady: number;
  readonly result: number;
}

export interface TapOptions {
  readonly central: Central;
  readonly lockId: string;
  readonly key: PhoneKey;
  readonly providerKeys: ProviderKeys;
  /** The time base phases are read from (e.g. the phone attachment's simTime). */
  readonly now: () => number;
  readonly mtu?: number;
  /** Reuse a sighting's peripheral id instead of scanning (throughput runs scan once). */
  readonly peripheralId?: string;
  readonly scanTimeoutMs?: number;
}

export interface TapResult {
  readonly times: TapTimes;
  readonly peripheralId: string;
  readonly granted: boolean;
  readonly code: string;
  readonly mtu: number;
}

/** Runs one tap; throws when the lock is not found or the link fails (benchmarks want clean runs). */
export async function tapToUnlock(o: TapOptions): Promise<TapResult> {
  const start = o.now();
  let peripheralId = o.peripheralId;
  if (peripheralId === undefined) {
    let found = false;
    const sightings = await o.central.scan({
      timeoutMs: o.scanTimeoutMs ?? 10_000,
      onSighting: (s) => {
        if (!found && findNearbyLocks([s]).some((l) => l.lockId === o.lockId)) found = true;
      },
      until: () => found,
    });
    const lock = findNearbyLocks(sightings).find((l) => l.lockId === o.lockId);
    if (!lock) throw new Error(`lock ${o.lockId} not heard within the scan timeout`);
    peripheralId = lock.sighting.peripheralId;
  }
  const seen = o.now();
  const link = await o.central.connect(peripheralId, { timeoutMs: 10_000, ...(o.mtu !== undefined ? { mtu: o.mtu } : {}) });
  const connected = o.now();
  let channel: LockChannel | undefined;
  try {
    channel = await LockChannel.open(link, { responseMode: 'notify' });
    const ch = channel;
    const channelOpen = o.now();
    const session = new PhoneSession({
      clock: systemClock,
      credential: o.key.credential,
      endpointKey: o.key.endpointKey,
      providerKeys: o.providerKeys,
      expectedLockId: o.lockId,
      send: (m) => ch.send(m),
    });
    ch.onMessage((m) => void session.receive(m));
    ch.onFailure((err) => session.close(err.message));
    const hs = await session.start();
    if (!hs.ok) throw new Error(`handshake refused: ${hs.codeName} ${hs.reason}`);
    const sessionReady = o.now();
    const outcome = await session.unlock();
    const result = o.now();
    return {
      times: { start, seen, connected, channelOpen, sessionReady, result },
      peripheralId,
      granted: outcome.code === ResultCode.GRANTED,
      code: outcome.codeName,
      mtu: link.mtu,
    };
  } finally {
    channel?.close();
    await link.disconnect();
  }
}
