/**
 * One phone's protocol session at the lock: protocol's LockSession talking to the firmware
 * through a per-connection LockFirmwarePort, with the session-level fault profiles as swapped
 * decisions (faultyLockChecks). Implements the ConnectionSession the BLE connection drives. On a modeled air
 * it charges the MCU's public-key crypto before each reply (mcuCrypto.ts): the controller's clock
 * is held until the request's arrival + the time of the work done for it.
 */
import type { Logger } from 'pino';
import { LockSession, type Clock, type FragmentError, type LockFirmwarePort, type SessionEnd } from '@keyrig/protocol';
import type { ConnectionSession } from '../ble/LockConnection.js';
import type { LockFirmware } from '../LockFirmware.js';
import { cryptoMs, cryptoWorkFor, type McuCharging } from '../mcuCrypto.js';
import type { SessionSlot } from '../SessionSlots.js';
import type { LockKeys } from './lockKeys.js';
import { faultyLockChecks } from './faultyLockChecks.js';
import { sealedAuditRecords } from './sealAudit.js';

export interface FirmwareSessionOptions {
  readonly firmware: LockFirmware;
  readonly keys: LockKeys;
  /** The session's clock is the lock's RTC (lock time in LOCK_AUTH and RESULT). */
  readonly clock?: Clock;
  readonly slot: SessionSlot | undefined;
  readonly send: (message: Uint8Array) => Promise<void>;
  readonly logger: Logger;
  /** §11 handshake deadline (ms) and idle timeout (ms); protocol defaults when omitted. */
  readonly handshakeDeadlineMs?: number;
  readonly idleTimeoutMs?: number;
  readonly onEnd?: (end: SessionEnd) => void;
  /** Charge the MCU's crypto time to the lock controller's simulated clock (modeled air only). */
  readonly mcu?: McuCharging;
}

/** The message being answered, for charging: its type, arrival and the blobs verified for it. */
interface Request {
  readonly type: number;
  readonly arrivedAt: number;
  blobsVerified: number;
  /** Audit records sealed for an AUDIT_RECORDS answer (one ephemeral key, ECDH and signature each). */
  auditSealed: number;
}

export class FirmwareSession implements ConnectionSession {
  readonly session: LockSession;
  readonly #log: Logger;
  readonly #slot: SessionSlot | undefined;
  readonly #mcu: McuCharging | undefined;
  #request: Request | undefined;

  constructor(o: FirmwareSessionOptions) {
    const fw = o.firmware;
    this.#log = o.logger;
    this.#slot = o.slot;
    this.#mcu = o.mcu;
    const firmwarePort: LockFirmwarePort = {
      ...fw.portFor(o.slot),
      auditRecords: async (from, max) => {
        const sealed = await sealedAuditRecords(fw, o.keys, from, max);
        if (this.#request) this.#request.auditSealed += sealed.length;
        return sealed;
      },
    };
    // Each blob the session hands to the firmware passed a provider-signature verify.
    const port: LockFirmwarePort = this.#mcu
      ? {
          ...firmwarePort,
          acceptBlocklist: (b) => {
            this.#noteBlobVerified();
            return firmwarePort.acceptBlocklist(b);
          },
          acceptTimeSync: (t, age) => {
            this.#noteBlobVerified();
            return firmwarePort.acceptTimeSync(t, age);
          },
        }
      : firmwarePort;
    const send = async (m: Uint8Array): Promise<void> => {
      this.#charge(m);
      return o.send(m);
    };
    this.session = new LockSession({
      clock: o.clock ?? fw.rtc,
      lockId: fw.lockId,
      certificate: o.keys.certificate,
      lockPrivateKey: o.keys.lockPrivateKey,
      providerKeys: o.keys.providerKeys,
      firmware: port,
      checks: faultyLockChecks(fw.faults, o.logger, () => (fw.holdsNoBlocklist ? undefined : fw.blocklistVersion)),
      send,
      ...(o.handshakeDeadlineMs !== undefined ? { handshakeDeadlineMs: o.handshakeDeadlineMs } : {}),
      ...(o.idleTimeoutMs !== undefined ? { idleTimeoutMs: o.idleTimeoutMs } : {}),
      onEnd: (end) => {
        this.#log.info({ code: end.codeName, reason: end.reason, by: end.by }, 'session ended');
        o.slot?.release();
        o.onEnd?.(end);
      },
    });
  }

  receive(message: Uint8Array, arrivedAt?: number): Promise<void> {
    this.#slot?.touch();
    this.#request = this.#mcu && arrivedAt !== undefined ? { type: message[0] ?? 0, arrivedAt, blobsVerified: 0, auditSealed: 0 } : undefined;
    return this.session.receive(message);
  }

  #noteBlobVerified(): void {
    if (this.#request) this.#request.blobsVerified++;
  }

  /** Before a reply goes out: hold the lock's clock until the request's arrival + its crypto time. */
  #charge(reply: Uint8Array): void {
    const request = this.#request;
    if (!this.#mcu || !request) return;
    this.#request = undefined;
    const work = cryptoWorkFor(request.type, reply[0] ?? 0, { credentialVerified: this.session.credential !== undefined, blobsVerified: request.blobsVerified, auditSealed: request.auditSealed });
    const ms = cryptoMs(this.#mcu.profile, work);
    if (ms > 0) this.#mcu.holdUntil(request.arrivedAt + ms);
  }

  fragmentError(error: FragmentError): Promise<void> {
    return this.session.fragmentError(error.message);
  }

  poll(): void {
    void this.session.poll();
  }

  close(): void {
    this.session.close();
  }
}
