/**
 * The lock as a BLE peripheral (PROTOCOL.md §1–§3) on bleno: the keyrig service with control
 * point, response (notify or read-pull) and info characteristics; the advertisement with the
 * status flags kept current; one LockConnection per connected phone.
 */
import type { Bleno, ConnectionHandle } from '@stoprocent/bleno';
import type { Logger } from 'pino';
import {
  buildAdvertisingData,
  buildScanResponseData,
  concatBytes,
  encodeAuditRecord,
  encodeLockInfo,
  encodeTlv,
  tlvBytes,
  featureBits,
  KeyrigUuidsNoDash,
  LockType,
  systemClock,
  type CancelTimer,
  type Clock,
  type LockStatus,
} from '@keyrig/protocol';
import type { LockFirmware } from '../LockFirmware.js';
import { connectionMtu, setMaxMtu } from './blenoInternals.js';
import { LockConnection, type ConnectionSession } from './LockConnection.js';
import { createBleno, describeRadio, type LockRadio } from './lockRadio.js';
import type { SessionSlot } from '../SessionSlots.js';

export interface LockPeripheralOptions {
  readonly firmware: LockFirmware;
  readonly radio: LockRadio;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Builds the protocol session for one connection. */
  readonly createSession: (slot: SessionSlot | undefined, send: (m: Uint8Array) => Promise<void>, connectionId: string) => ConnectionSession;
  /** Largest message either side may send (info characteristic, §2). */
  readonly maxMessageSize?: number;
  /** Cap on the ATT MTU the lock accepts (default: bleno's 256). 23 emulates a minimal stack. */
  readonly maxMtu?: number;
  /** Local name in the advertisement (default: none; the lock id is in the scan response). */
  readonly localName?: string;
  /** Security revision of the lock certificate (§1 byte [4]; behaviour can override). */
  readonly securityRevision?: number;
  /** How long to wait for the radio to power on (ms, default 15000). */
  readonly powerOnTimeoutMs?: number;
  /**
   * The clock radio waits and the housekeeping tick run on (default systemClock): wall time, even
   * when `clock` is a scenario's manual or travelling clock, because bleno answers in wall time.
   */
  readonly wallClock?: Clock;
  /** The controller's simulated clock on a modeled air (stamps each phone message on arrival). */
  readonly simTime?: () => number;
}

const DEFAULT_MAX_MESSAGE_SIZE = 2048;

export class LockPeripheral {
  readonly #o: LockPeripheralOptions;
  readonly #log: Logger;
  readonly #connections = new Map<ConnectionHandle, LockConnection>();
  #bleno: Bleno | undefined;
  readonly #wall: Clock;
  #stopTick: CancelTimer | undefined;
  #onStatus = (flags: LockStatus) => this.#advertise(flags);
  #stopped = false;
  /** The radio went away after start (state left poweredOn); advertising waits for its return. */
  #radioLost = false;
  #adChain: Promise<void> = Promise.resolve();

  constructor(options: LockPeripheralOptions) {
    this.#o = options;
    this.#wall = options.wallClock ?? systemClock;
    this.#log = options.logger.child({ component: 'lock-ble', radio: describeRadio(options.radio) });
  }

  get bleno(): Bleno | undefined {
    return this.#bleno;
  }

  /** Connected phones right now. */
  get connectionCount(): number {
    return this.#connections.size;
  }

  async start(): Promise<void> {
    const bleno = await createBleno(this.#o.radio);
    this.#bleno = bleno;
    bleno.on('accept', (address, handle) => {
      this.#log.info({ address, handle }, 'phone connected');
      this.#connection(handle);
    });
    bleno.on('disconnect', (address, handle) => {
      this.#log.info({ address, handle }, 'phone disconnected');
      this.#connections.get(handle)?.close();
      this.#connections.delete(handle);
    });
    const startMs = this.#o.powerOnTimeoutMs ?? 15_000;
    await this.#poweredOn(bleno, startMs);
    // Watch for adapter loss from power-on on: a loss while the services and the first
    // advertisement are set up must not go unnoticed (issue #18, a UART killed during start-up).
    bleno.on('stateChange', (state: string) => this.#radioState(state));
    if (this.#o.maxMtu !== undefined) setMaxMtu(bleno, this.#o.maxMtu);
    // A controller that vanishes right after power-on never answers: the same deadline as power-on.
    await this.#wall.timeout(bleno.setServicesAsync([this.#service(bleno)]), startMs, `${describeRadio(this.#o.radio)}: setting the GATT services`);
    await this.#advertise(this.#o.firmware.flags());
    this.#o.firmware.on('status', this.#onStatus);
    this.#stopTick = this.#wall.every(
      250,
      () => {
        this.#o.firmware.tick();
        for (const c of this.#connections.values()) c.checkTimeout();
      },
      { keepAlive: false },
    );
    this.#log.info('lock advertising');
  }

  /**
   * Waits for poweredOn; fails fast and says why when the radio is unusable (bleno's own wait
   * leaves no timer running, so a process with nothing else to do would just exit).
   */
  #poweredOn(bleno: Bleno, timeoutMs: number): Promise<void> {
    const where = describeRadio(this.#o.radio);
    return new Promise<void>((resolve, reject) => {
      const done = (err?: Error): void => {
        cancel();
        bleno.off('stateChange', onState);
        if (err) reject(err);
        else resolve();
      };
      const onState = (state: string): void => {
        if (state === 'poweredOn') done();
        else if (state === 'unsupported') done(new Error(`${where}: no usable Bluetooth LE controller (state unsupported); see docs/LOCK.md "Real adapters"`));
        else if (state === 'unauthorized') done(new Error(`${where}: not allowed to open the adapter (needs CAP_NET_RAW/CAP_NET_ADMIN or root)`));
      };
      const cancel = this.#wall.setTimer(timeoutMs, () => done(new Error(`${where}: radio did not power on within ${timeoutMs} ms (state ${bleno.state})`)));
      bleno.on('stateChange', onState);
      onState(bleno.state);
    });
  }

  /** True while the radio is gone (docs/LOCK.md "Adapter loss"). */
  get radioLost(): boolean {
    return this.#radioLost;
  }

  /**
   * Adapter loss after start (a controller unplugged, a UART or air server gone): one error line,
   * the phones' connections dropped, advertising stopped (nothing is sent to a controller that is
   * not there); when the adapter returns (bleno powers on again) the lock advertises again.
   */
  #radioState(state: string): void {
    if (this.#stopped) return;
    if (state !== 'poweredOn' && !this.#radioLost) {
      this.#radioLost = true;
      this.#log.error({ state, connections: this.#connections.size }, 'lock radio lost: advertising stopped until the adapter returns');
      for (const c of this.#connections.values()) c.close();
      this.#connections.clear();
    } else if (state === 'poweredOn' && this.#radioLost) {
      this.#radioLost = false;
      this.#log.warn('lock radio back: advertising again');
      void this.#advertise(this.#o.firmware.flags());
    }
  }

  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#stopTick?.();
    this.#o.firmware.off('status', this.#onStatus);
    for (const c of this.#connections.values()) c.close();
    this.#connections.clear();
    const bleno = this.#bleno;
    if (!bleno) return;
    if (bleno.state === 'poweredOn') {
      try {
        bleno.disconnect();
        // A referenced timer: an unref'd one would let a process with nothing else to do exit
        // in the middle of stop() when the controller never answers.
        await this.#wall.timeout(bleno.stopAdvertisingAsync(), 1000, 'stop advertising');
      } catch (err) {
        this.#log.debug({ err }, 'stop advertising failed');
      }
    }
    bleno.removeAllListeners();
    try {
      bleno.stop();
    } catch (err) {
      // bleno throws from stop() when it never powered on (start failed early).
      this.#log.debug({ err }, 'bleno stop failed');
    }
  }

  #connection(handle: ConnectionHandle): LockConnection {
    let c = this.#connections.get(handle);
    if (!c) {
      const bleno = this.#bleno!;
      const id = String(handle);
      c = new LockConnection({
        id,
        clock: this.#o.clock,
        logger: this.#log,
        faults: this.#o.firmware.faults,
        maxMessageSize: this.#o.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE,
        mtu: () => connectionMtu(bleno, handle),
        ...(this.#o.simTime ? { simTime: this.#o.simTime } : {}),
        acquireSlot: () => this.#o.firmware.openSession(),
        createSession: (slot, send) => this.#o.createSession(slot, send, id),
      });
      this.#connections.set(handle, c);
    }
    return c;
  }

  #service(bleno: Bleno) {
    const { Characteristic, Descriptor, PrimaryService } = bleno;
    const fw = this.#o.firmware;
    const info = encodeLockInfo({
      minVersion: 1,
      maxVersion: 1,
      maxMessageSize: this.#o.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE,
      features: featureBits(['notify', 'readPull', 'auditUpload', 'timeSync', 'blocklist', ...(fw.provisioning.lock_type === 'elevator' ? (['floorSelect'] as const) : [])]),
      lockType: LockType[fw.provisioning.lock_type],
      lockId: fw.lockId,
    });
    const controlPoint = new Characteristic({
      uuid: KeyrigUuidsNoDash.controlPoint,
      properties: ['write'],
      onWriteRequest: (handle, data, offset, _withoutResponse, callback) => {
        if (offset !== 0) return callback(Characteristic.RESULT_INVALID_OFFSET);
        this.#connection(handle).receiveFragment(new Uint8Array(data));
        callback(Characteristic.RESULT_SUCCESS);
      },
    });
    const response = new Characteristic({
      uuid: KeyrigUuidsNoDash.response,
      properties: ['read', 'notify'],
      descriptors: [new Descriptor({ uuid: '2901', value: 'keyrig response' })],
      onReadRequest: (handle, offset, callback) => {
        if (offset !== 0) return callback(Characteristic.RESULT_INVALID_OFFSET);
        callback(Characteristic.RESULT_SUCCESS, Buffer.from(this.#connection(handle).responses.read()));
      },
      onSubscribe: (handle, _maxValueSize, update) => {
        this.#connection(handle).responses.subscribe((f) => update(Buffer.from(f)));
      },
      onUnsubscribe: (handle) => this.#connections.get(handle)?.responses.unsubscribe(),
    });
    const infoChar = new Characteristic({
      uuid: KeyrigUuidsNoDash.info,
      properties: ['read'],
      onReadRequest: (_handle, offset, callback) => {
        const value = this.#infoValue(info);
        if (offset > value.length) return callback(Characteristic.RESULT_INVALID_OFFSET);
        callback(Characteristic.RESULT_SUCCESS, Buffer.from(value.subarray(offset)));
      },
    });
    return new PrimaryService({ uuid: KeyrigUuidsNoDash.service, characteristics: [controlPoint, response, infoChar] });
  }

  /**
   * The info value (§2). The `leaks-audit` bug: like a debug build that was shipped, the lock
   * appends its newest audit records (TLV, §10) to this unauthenticated read. The v1 decoder
   * ignores bytes after 25, so only a phone that looks for them notices.
   */
  #infoValue(info: Uint8Array): Uint8Array {
    const fw = this.#o.firmware;
    if (!fw.faults.fires('leaks-audit')) return info;
    const records = fw.auditRecords(Math.max(1, fw.auditHighWater() - 3), 4).map((r) => tlvBytes(0x80, encodeAuditRecord(r)));
    return concatBytes(info, encodeTlv(records));
  }

  /** Advertising updates run one at a time (bleno keeps one pending callback). */
  #advertise(flags: LockStatus): Promise<void> {
    this.#adChain = this.#adChain.then(() => this.#advertiseNow(flags));
    return this.#adChain;
  }

  async #advertiseNow(flags: LockStatus): Promise<void> {
    const bleno = this.#bleno;
    if (!bleno || this.#stopped || this.#radioLost) return;
    const fw = this.#o.firmware;
    const adv = buildAdvertisingData(this.#o.localName !== undefined ? { localName: this.#o.localName } : {});
    const scan = buildScanResponseData({
      version: 1,
      lockType: LockType[fw.provisioning.lock_type],
      status: flags,
      securityRevision: fw.behaviour.securityRevision ?? this.#o.securityRevision ?? 1,
      lockId: fw.lockId,
    });
    this.#log.debug({ flags }, 'advertising');
    await new Promise<void>((resolve) => {
      const cancel = this.#wall.setTimer(2000, resolve);
      bleno.startAdvertisingWithEIRData(Buffer.from(adv), Buffer.from(scan), (err) => {
        // Re-advertising while already advertising may be refused by a controller; the data
        // commands still took effect, so this is logged, not fatal.
        if (err) this.#log.debug({ err: err.message }, 'advertising (re)start reported an error');
        cancel();
        resolve();
      });
    });
  }
}
