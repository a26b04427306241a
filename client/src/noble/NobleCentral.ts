/**
 * The core's Central on @stoprocent/noble (the only place the client touches noble).
 * noble is loaded lazily, on first open: a virtual HCI driver (the simulator's air) must be
 * installed before noble's HCI layer loads, and importing the client must not touch Bluetooth.
 */
import type { ConnectOptions, Noble, Peripheral } from '@stoprocent/noble';
import { KeyrigUuidsNoDash, systemClock, type CancelTimer, type Clock } from '@keyrig/protocol';
import { byRssi, type Central, type ConnectRequest, type GattLink, type ScanRequest, type Sighting } from '../core/central.js';
import { BleError, bleTimeout } from '../core/errors.js';
import { silentLogger, type Logger } from '../core/logger.js';
import { toBytes } from './buffers.js';
import { NobleGattLink } from './NobleGattLink.js';

/** How noble reaches a controller: the options of noble's `withBindings('hci', …)`. */
export interface NobleHciOptions {
  /** 'native' (kernel HCI socket), 'uart', 'usb', or a driver name a virtual air registered. */
  readonly hciDriver?: string;
  /** Driver parameters, e.g. `{ uart: { port: '/dev/ttyUSB0', baudRate: 1000000 } }`. */
  readonly bindParams?: Record<string, unknown>;
  /** Linux HCI device index (hci0 = 0). */
  readonly deviceId?: number;
  /** Force BLE 5 extended scanning/connecting on or off (default: what the controller reports). */
  readonly extended?: boolean;
}

/** Which controller, and timeouts. */
export interface NobleCentralOptions {
  /** Controller selection; ignored when `createNoble` is given. Default: noble's own default. */
  readonly hci?: NobleHciOptions;
  /** Supplies a ready noble instance instead (custom bindings, tests). */
  readonly createNoble?: () => Noble | Promise<Noble>;
  readonly logger?: Logger;
  /** Stamps sightings (`seenAt`). */
  readonly clock?: Clock;
  /**
   * The clock radio waits run on (power-on, scan, connect and GATT deadlines; default
   * systemClock): wall time, even when `clock` is a scenario's manual or travelling clock.
   */
  readonly wallClock?: Clock;
  /** How long to wait for the adapter to power on (default 10 s). */
  readonly poweredOnTimeoutMs?: number;
  /**
   * Deadline of each GATT operation, and of the housekeeping awaits (stop scan, the disconnect
   * after a failed discovery): default 10 s.
   */
  readonly gattTimeoutMs?: number;
}

type NobleModule = typeof import('@stoprocent/noble');

/** Opens noble on the chosen controller and waits until it is powered on. */
export async function openNobleCentral(options: NobleCentralOptions = {}): Promise<NobleCentral> {
  const logger = (options.logger ?? silentLogger).child({ component: 'noble' });
  const mod = (await import('@stoprocent/noble')) as NobleModule & { default: NobleModule };
  const withBindings = mod.withBindings ?? mod.default.withBindings;
  const noble = options.createNoble
    ? await options.createNoble()
    : withBindings('hci', { ...(options.hci ?? {}) });
  const describe = (reason: number | string): string =>
    typeof reason === 'number' ? `${(mod.hciStatusMessage ?? mod.default.hciStatusMessage)(reason)} (0x${reason.toString(16)})` : reason;
  const central = new NobleCentral(noble, logger, options, describe);
  try {
    await central.poweredOn();
  } catch (err) {
    await central.close();
    throw err;
  }
  return central;
}

/** Central on one noble instance; open with `openNobleCentral`, end with `close()`. */
export class NobleCentral implements Central {
  readonly #peripherals = new Map<string, Peripheral>();
  readonly #links = new Set<GattLink>();
  readonly #clock: Clock;
  readonly #wall: Clock;
  readonly #gattTimeoutMs: number;
  #closed = false;

  constructor(
    readonly noble: Noble,
    private readonly logger: Logger,
    private readonly options: NobleCentralOptions,
    private readonly describeReason: (reason: number | string) => string,
  ) {
    this.#clock = options.clock ?? systemClock;
    this.#wall = options.wallClock ?? systemClock;
    this.#gattTimeoutMs = options.gattTimeoutMs ?? 10_000;
    // noble's default handler prints warnings with console.warn; route them to the logger.
    noble.removeAllListeners('warning');
    noble.on('warning', (message: string) => logger.warn({ message }, 'noble warning'));
  }

  /**
   * Resolves once the adapter is powered on; fails at once when noble reports it unsupported or
   * unauthorized (no adapter, no permission), and after the timeout while it stays off.
   */
  async poweredOn(): Promise<void> {
    const timeoutMs = this.options.poweredOnTimeoutMs ?? 10_000;
    if (this.noble.state === 'poweredOn') return;
    // Our own wait (noble's waitForPoweredOnAsync leaves its timer running on failure, which
    // keeps the process alive).
    let onState: (s: string) => void = () => {};
    let cancelTimer: CancelTimer = () => {};
    try {
      await new Promise<void>((resolve, reject) => {
        onState = (s) => {
          if (s === 'poweredOn') resolve();
          else if (s === 'unsupported' || s === 'unauthorized') {
            reject(new BleError('unsupported', `Bluetooth adapter is ${s} (no usable adapter, or no permission to open it)`));
          }
        };
        cancelTimer = this.#wall.setTimer(timeoutMs, () =>
          reject(new BleError('timeout', `Bluetooth adapter is not powered on (state: ${this.noble.state}) after ${timeoutMs} ms`)),
        );
        this.noble.on('stateChange', onState);
        onState(this.noble.state);
      });
    } finally {
      cancelTimer();
      this.noble.removeListener('stateChange', onState);
    }
    this.logger.debug({ address: this.noble.address }, 'adapter powered on');
  }

  async scan(request: ScanRequest): Promise<Sighting[]> {
    this.#assertOpen();
    const seen = new Map<string, Sighting>();
    // Reported RSSI fluctuates (fading, shadowing): a sighting carries the mean of this scan's reports.
    const levels = new Map<string, { sum: number; n: number }>();
    const minRssi = request.minRssi ?? -Infinity;
    let finish: () => void = () => {};
    const done = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const onDiscover = (p: Peripheral): void => {
      // 127 = "RSSI not available" (Core Vol 4 Part E §7.7.65.2): keep it, it is not weak.
      if (p.rssi !== 127 && p.rssi < minRssi) return;
      const level = levels.get(p.id) ?? { sum: 0, n: 0 };
      if (p.rssi !== 127) {
        level.sum += p.rssi;
        level.n++;
        levels.set(p.id, level);
      }
      const sighting = this.#sighting(p, level.n > 0 ? Math.round(level.sum / level.n) : p.rssi);
      this.#peripherals.set(p.id, p);
      seen.set(p.id, sighting);
      request.onSighting?.(sighting);
      if (request.until?.(seen)) finish();
    };
    const cancelTimer = this.#wall.setTimer(request.timeoutMs, finish);
    const onAbort = (): void => finish();
    request.signal?.addEventListener('abort', onAbort, { once: true });
    this.noble.on('discover', onDiscover);
    const lost = this.#adapterLoss('scan');
    try {
      this.logger.debug({ timeoutMs: request.timeoutMs, minRssi: request.minRssi }, 'scan start');
      await Promise.race([
        this.#wall.timeout(this.noble.startScanningAsync([KeyrigUuidsNoDash.service], true), this.#gattTimeoutMs, 'start scan', { error: bleTimeout }),
        lost.promise,
      ]);
      if (!request.signal?.aborted) await Promise.race([done, lost.promise]);
    } catch (cause) {
      if (cause instanceof BleError) throw cause;
      throw new BleError('io', `scan failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    } finally {
      lost.stop();
      cancelTimer();
      request.signal?.removeEventListener('abort', onAbort);
      this.noble.removeListener('discover', onDiscover);
      await this.#stopScanning();
      this.logger.debug({ found: seen.size }, 'scan stop');
    }
    return [...seen.values()].sort(byRssi);
  }

  async connect(peripheralId: string, request: ConnectRequest = {}): Promise<GattLink> {
    this.#assertOpen();
    const timeoutMs = request.timeoutMs ?? 10_000;
    if (!this.#peripherals.has(peripheralId)) {
      throw new BleError('state', `peripheral ${peripheralId} was not seen in a scan: scan first`);
    }
    const log = this.logger.child({ peripheral: peripheralId });
    log.debug({ mtu: request.mtu }, 'connecting');
    // noble's HCI bindings take the ATT_MTU to request as a connection parameter.
    const params = (request.mtu === undefined ? {} : { mtu: request.mtu }) as ConnectOptions;
    let peripheral: Peripheral;
    const lost = this.#adapterLoss('connect');
    try {
      peripheral = await Promise.race([
        this.#wall.timeout(this.noble.connectAsync(peripheralId, params), timeoutMs, 'connect', {
          onTimeout: () => this.noble.cancelConnect(peripheralId),
          error: bleTimeout,
        }),
        lost.promise,
      ]);
    } catch (cause) {
      if (cause instanceof BleError) throw cause;
      throw new BleError('io', `connect to ${peripheralId} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    } finally {
      lost.stop();
    }
    try {
      const { characteristics } = await this.#wall.timeout(
        peripheral.discoverSomeServicesAndCharacteristicsAsync(
          [KeyrigUuidsNoDash.service],
          [KeyrigUuidsNoDash.controlPoint, KeyrigUuidsNoDash.response, KeyrigUuidsNoDash.info],
        ),
        timeoutMs,
        'GATT discovery',
        { error: bleTimeout },
      );
      const find = (uuid: string) => {
        const c = characteristics.find((ch) => ch.uuid === uuid);
        if (!c) throw new BleError('io', `peripheral ${peripheralId} has no characteristic ${uuid} in the keyrig service`);
        return c;
      };
      const link = new NobleGattLink(
        peripheral,
        { controlPoint: find(KeyrigUuidsNoDash.controlPoint), response: find(KeyrigUuidsNoDash.response), info: find(KeyrigUuidsNoDash.info) },
        log,
        this.#gattTimeoutMs,
        this.describeReason,
        this.#wall,
      );
      this.#links.add(link);
      link.onDisconnect(() => this.#links.delete(link));
      log.debug({ mtu: link.mtu }, 'connected');
      return link;
    } catch (cause) {
      // The peer may be gone (a lock killed mid-connection): its disconnect may never complete.
      await this.#wall
        .timeout(peripheral.disconnectAsync(), this.#gattTimeoutMs, 'disconnect', { error: bleTimeout })
        .catch((err: unknown) => log.warn({ err }, 'disconnect after a failed discovery did not complete'));
      if (cause instanceof BleError) throw cause;
      throw new BleError('io', `GATT discovery on ${peripheralId} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#stopScanning();
    // Each link's disconnect has its own deadline (NobleGattLink.disconnect).
    await Promise.all([...this.#links].map((l) => l.disconnect()));
    this.noble.removeAllListeners('discover');
    this.noble.stop();
    this.logger.debug('closed');
  }

  /**
   * Stops scanning, within the housekeeping deadline. Skipped when the adapter is not powered on:
   * a controller that is gone never answers Scan Enable, and noble's promise would wait forever.
   */
  async #stopScanning(): Promise<void> {
    if (this.noble.state !== 'poweredOn') return;
    await this.#wall
      .timeout(this.noble.stopScanningAsync(), this.#gattTimeoutMs, 'stop scan', { error: bleTimeout })
      .catch((err: unknown) => this.logger.warn({ err }, 'stop scan did not complete'));
  }

  /**
   * A promise that rejects (BleError 'io', CLI exit 70) once the adapter leaves poweredOn during
   * `what` (a controller unplugged, a UART gone); `stop()` ends the watch.
   */
  #adapterLoss(what: string): { promise: Promise<never>; stop: () => void } {
    let onState: (s: string) => void = () => {};
    const promise = new Promise<never>((_resolve, reject) => {
      onState = (state) => {
        if (state === 'poweredOn') return;
        this.logger.error({ state, during: what }, 'Bluetooth adapter lost');
        reject(new BleError('io', `Bluetooth adapter lost during ${what} (state: ${state})`));
      };
    });
    promise.catch(() => {}); // observed by the race that uses it; never an unhandled rejection
    this.noble.on('stateChange', onState);
    if (this.noble.state !== 'poweredOn') onState(this.noble.state);
    return { promise, stop: () => this.noble.removeListener('stateChange', onState) };
  }

  #assertOpen(): void {
    if (this.#closed) throw new BleError('state', 'the central is closed');
  }

  #sighting(p: Peripheral, rssi: number): Sighting {
    const adv = p.advertisement;
    return {
      peripheralId: p.id,
      ...(p.address && p.address !== 'unknown' ? { address: p.address } : {}),
      rssi,
      ...(adv.manufacturerData ? { manufacturerData: toBytes(adv.manufacturerData) } : {}),
      serviceUuids: (adv.serviceUuids ?? []).map((u) => u.toLowerCase()),
      ...(adv.localName ? { localName: adv.localName } : {}),
      seenAt: this.#clock.now(),
    };
  }
}
