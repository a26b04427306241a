/**
 * An attacker between a phone and a lock, at the lock's own input layer: the real lock
 * (LockFirmware + FirmwareSession behind LockConnection, what bleno feeds) and the real phone
 * (protocol's PhoneSession), with whole messages passing through a man in the middle that may
 * record, hold, alter, drop or inject them, and a clock it may move (relay delay).
 */
import {
  FramedChannel,
  ManualClock,
  PhoneSession,
  resultCodeName,
  type AuditRecord,
  type HandshakeOutcome,
  type ProviderKeys,
} from '@keyrig/protocol';
import { LockConnection } from '../../../src/lock/ble/LockConnection.js';
import { LockFirmware } from '../../../src/lock/LockFirmware.js';
import { FirmwareSession } from '../../../src/lock/session/FirmwareSession.js';
import { loadLockKeys, type LockKeys } from '../../../src/lock/session/lockKeys.js';
import type { LockProvisioning } from '../../../src/property/provisioning.js';
import { silentLogger, T0 } from '../../lock/fixtures.js';
import { issueKey, makeProvider, provisionLock, type PhoneKey, type Provider } from '../../lock/world.js';

export interface AttackLock {
  readonly clock: ManualClock;
  readonly provider: Provider;
  readonly provisioning: LockProvisioning;
  readonly firmware: LockFirmware;
  readonly keys: LockKeys;
  /** A genuine credential for this lock (overrides applied). */
  key(overrides?: Parameters<typeof issueKey>[2]): Promise<PhoneKey>;
  /** Audit records written since `from` (sequence), oldest first. */
  auditSince(from: number): { code: string; op: number; credentialId: string }[];
}

export async function attackLock(lockId?: string, provider?: Provider): Promise<AttackLock> {
  const clock = new ManualClock(T0);
  const p = provider ?? (await makeProvider());
  const provisioning = await provisionLock(p, 'door', lockId ? { lock_id: lockId } : {});
  // A high lockout threshold: each attack is looked at alone (the lockout has its own tests).
  const firmware = new LockFirmware({ provisioning, clock, logger: silentLogger, behaviour: { lockoutThreshold: 1000 } });
  return {
    clock,
    provider: p,
    provisioning,
    firmware,
    keys: await loadLockKeys(provisioning),
    key: (overrides = {}) => issueKey(p, [provisioning.lock_id], overrides),
    auditSince: (from) => {
      // The firmware hands out at most its audit batch per call (as a fetch would): page.
      const out: AuditRecord[] = [];
      for (let next = from; next <= firmware.auditHighWater(); ) {
        const page = firmware.auditRecords(next, 1000);
        if (page.length === 0) break;
        out.push(...page);
        next = page.at(-1)!.sequence + 1;
      }
      return out.map((r) => ({ code: resultCodeName(r.resultCode) ?? String(r.resultCode), op: r.op, credentialId: r.credentialId }));
    },
  };
}

export interface Mitm {
  /** Phone → lock: return the message to forward (altered or not), or undefined to drop it. */
  toLock?: (m: Uint8Array) => Uint8Array | undefined;
  /** Lock → phone. */
  toPhone?: (m: Uint8Array) => Uint8Array | undefined;
}

export interface AttackedConnection {
  readonly phone: PhoneSession;
  /** The lock side of the link (what bleno would drive). */
  readonly connection: LockConnection;
  readonly handshake: Promise<HandshakeOutcome>;
  /** Every whole message the phone sent / the lock sent, as they left their sender. */
  readonly fromPhone: Uint8Array[];
  readonly fromLock: Uint8Array[];
  /** Sends a message to the lock as the attacker (framed on this connection). */
  inject(m: Uint8Array): Promise<void>;
  /** Until the lock and phone have handled everything in flight. */
  settle(): Promise<void>;
  close(): void;
}

/** Connects a phone holding `key` to `lock` through `mitm`; the handshake starts unless `start: false`. */
export function connectThrough(
  lock: AttackLock,
  key: PhoneKey,
  mitm: Mitm = {},
  o: { providerKeys?: ProviderKeys; expectedLockId?: string; start?: boolean; versions?: number[]; blocklist?: Uint8Array; timeSync?: Uint8Array; mtu?: number; ephemeralKeys?: () => Promise<CryptoKeyPair> } = {},
): AttackedConnection {
  const fromPhone: Uint8Array[] = [];
  const fromLock: Uint8Array[] = [];
  const mtu = o.mtu ?? 185;
  let connection!: LockConnection;
  const phoneChannel: FramedChannel = new FramedChannel({
    mtu,
    sendFragment: (f) => connection.receiveFragment(f),
    onMessage: (m) => {
      fromLock.push(m);
      const out = mitm.toPhone ? mitm.toPhone(m) : m;
      if (out) void phone.receive(out);
    },
    onError: (e) => void phone.fragmentError(e.message),
  });
  connection = new LockConnection({
    id: 'attacked',
    clock: lock.firmware.rtc,
    logger: silentLogger,
    faults: lock.firmware.faults,
    maxMessageSize: 2048,
    mtu: () => mtu,
    acquireSlot: () => lock.firmware.openSession(),
    createSession: (slot, send) => new FirmwareSession({ firmware: lock.firmware, keys: lock.keys, slot, send, logger: silentLogger }),
  });
  connection.responses.subscribe((f) => phoneChannel.receive(f));
  const phone: PhoneSession = new PhoneSession({
    clock: lock.clock,
    credential: key.credential,
    endpointKey: key.endpointKey,
    providerKeys: o.providerKeys ?? lock.provider.keys,
    expectedLockId: o.expectedLockId ?? lock.provisioning.lock_id,
    ...(o.versions ? { versions: o.versions } : {}),
    ...(o.blocklist ? { blocklist: o.blocklist } : {}),
    ...(o.timeSync ? { timeSync: o.timeSync } : {}),
    ...(o.ephemeralKeys ? { ephemeralKeys: o.ephemeralKeys } : {}),
    send: (m) => {
      fromPhone.push(m.slice());
      const out = mitm.toLock ? mitm.toLock(m) : m;
      return out ? phoneChannel.send(out) : undefined;
    },
  });
  const settle = async () => {
    // WebCrypto completes on the thread pool: give the event loop real turns (no timing assert).
    for (let i = 0; i < 25; i++) await new Promise((r) => setTimeout(r, 2));
  };
  return {
    phone,
    connection,
    handshake: o.start === false ? new Promise<HandshakeOutcome>(() => {}) : phone.start(),
    fromPhone,
    fromLock,
    inject: (m) => phoneChannel.send(m),
    settle,
    close: () => {
      connection.close();
      phone.close();
    },
  };
}
