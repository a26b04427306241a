/**
 * A phone at the protocol level: scans for one lock by id, connects through any client `Central`
 * (noble on the virtual air or on a real adapter), and runs protocol's `PhoneSession` over the
 * client's `LockChannel` — with the hooks attacks and conformance tests need (offered versions,
 * a delay before a message leaves, raw messages sent again). Everything real: framing, crypto,
 * signatures; nothing here fakes a lock answer.
 */
import {
  PhoneSession,
  type Clock,
  type CommandOutcome,
  type HandshakeOutcome,
  type HeldCredential,
  type ProviderKeys,
} from '@keyrig/protocol';
import { findNearbyLocks, LockChannel, type Central, type GattLink, type NearbyLock, type ResponseMode } from '@keyrig/client';

export interface ProtocolPhoneOptions {
  readonly central: Central;
  readonly lockId: string;
  readonly clock: Clock;
  readonly credential: HeldCredential;
  readonly endpointKey: CryptoKeyPair;
  readonly providerKeys: ProviderKeys;
  readonly blocklist?: Uint8Array;
  readonly timeSync?: Uint8Array;
  /** When the phone got `timeSync`, on `clock`: PHONE_AUTH tells the lock its age (§9). */
  readonly timeSyncReceivedAt?: number;
  /** Versions offered in HELLO (default: the protocol's). */
  readonly versions?: readonly number[];
  /** ATT MTU to ask for. */
  readonly mtu?: number;
  readonly responseMode?: ResponseMode;
  /** Awaited before each whole message leaves the phone (a relay holding it, a clock jump). */
  readonly beforeSend?: (message: Uint8Array) => void | Promise<void>;
  /** Rewrites a message on its way to the lock (a man in the middle); the session keeps the original. */
  readonly rewrite?: (message: Uint8Array) => Uint8Array;
  readonly scanTimeoutMs?: number;
  /** The lock id the phone expects in LOCK_AUTH (default `lockId`). */
  readonly expectedLockId?: string;
}

/** A connected phone with a running session. */
export interface ProtocolPhone {
  readonly session: PhoneSession;
  readonly channel: LockChannel;
  readonly link: GattLink;
  readonly lock: NearbyLock;
  /** Every whole message the phone sent, in order. */
  readonly sent: Uint8Array[];
  /** Every whole message the lock sent, in order. */
  readonly received: Uint8Array[];
  handshake(): Promise<HandshakeOutcome>;
  /** Sends a whole message again through the framing (a replay). */
  inject(message: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/** Scans until the lock with `lockId` is heard with its scan response. */
export async function findLock(central: Central, lockId: string, timeoutMs = 10_000): Promise<NearbyLock> {
  const sightings = await central.scan({
    timeoutMs,
    until: (seen) => findNearbyLocks(seen.values()).some((l) => l.lockId === lockId),
  });
  const lock = findNearbyLocks(sightings).find((l) => l.lockId === lockId);
  if (!lock) throw new Error(`lock ${lockId} was not heard within ${timeoutMs} ms`);
  return lock;
}

/** Connects to the lock and prepares a session (call `handshake()` to start it). */
export async function openProtocolPhone(o: ProtocolPhoneOptions): Promise<ProtocolPhone> {
  const lock = await findLock(o.central, o.lockId, o.scanTimeoutMs);
  const link = await o.central.connect(lock.sighting.peripheralId, o.mtu !== undefined ? { mtu: o.mtu } : {});
  let channel: LockChannel;
  try {
    channel = await LockChannel.open(link, { clock: o.clock, ...(o.responseMode ? { responseMode: o.responseMode } : {}) });
  } catch (err) {
    await link.disconnect().catch(() => undefined);
    throw err;
  }
  const sent: Uint8Array[] = [];
  const received: Uint8Array[] = [];
  const session = new PhoneSession({
    clock: o.clock,
    credential: o.credential,
    endpointKey: o.endpointKey,
    providerKeys: o.providerKeys,
    expectedLockId: o.expectedLockId ?? o.lockId,
    send: async (m) => {
      await o.beforeSend?.(m);
      sent.push(m.slice());
      await channel.send(o.rewrite ? o.rewrite(m) : m);
    },
    ...(o.versions ? { versions: [...o.versions] } : {}),
    ...(o.blocklist ? { blocklist: o.blocklist } : {}),
    ...(o.timeSync ? { timeSync: o.timeSync } : {}),
    ...(o.timeSync && o.timeSyncReceivedAt !== undefined ? { timeSyncReceivedAt: o.timeSyncReceivedAt } : {}),
  });
  channel.onMessage((m) => {
    received.push(m);
    void session.receive(m);
  });
  channel.onFailure((err) => session.close(err.message));
  let closed = false;
  return {
    session,
    channel,
    link,
    lock,
    sent,
    received,
    handshake: () => withDeadline(session.start(), 8000, () => session.abort()),
    inject: (m) => channel.send(m),
    close: async () => {
      if (closed) return;
      closed = true;
      session.close();
      channel.close();
      await Promise.race([link.disconnect().catch(() => undefined), sleep(3000)]);
    },
  };
}

/** Handshake, then `command` when it succeeded; the code name the phone ends with. */
export async function runAttempt(
  phone: ProtocolPhone,
  command: (s: PhoneSession) => Promise<CommandOutcome> = (s) => s.unlock(),
): Promise<{ codeName: string; handshake: HandshakeOutcome; outcome?: CommandOutcome }> {
  const hs = await phone.handshake();
  if (!hs.ok) return { codeName: hs.codeName, handshake: hs };
  const outcome = await withDeadline(command(phone.session), 8000, () => phone.session.abort());
  return { codeName: outcome.codeName, handshake: hs, outcome };
}

function withDeadline<T>(p: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  // The phone owns no timers (§11): abort() settles the pending promise with DEADLINE_EXCEEDED.
  const t = setTimeout(onTimeout, ms);
  return p.finally(() => clearTimeout(t));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
