/**
 * A connected keyrig service on a noble peripheral (PROTOCOL.md §2), as the core's GattLink.
 */
import { systemClock, type CancelTimer, type Clock } from '@keyrig/protocol';
import type { Characteristic, Peripheral } from '@stoprocent/noble';
import type { GattLink } from '../core/central.js';
import { BleError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { toBuffer, toBytes } from './buffers.js';

/** The three keyrig characteristics found by discovery. */
export interface NobleGattCharacteristics {
  readonly controlPoint: Characteristic;
  readonly response: Characteristic;
  readonly info: Characteristic;
}

/** GattLink on a connected noble peripheral; operations fail fast when the link drops. */
export class NobleGattLink implements GattLink {
  readonly peripheralId: string;
  #connected = true;
  #reason: string | undefined;
  readonly #listeners = new Set<(reason: string) => void>();

  constructor(
    private readonly peripheral: Peripheral,
    private readonly chars: NobleGattCharacteristics,
    private readonly logger: Logger,
    private readonly opTimeoutMs: number,
    describeReason: (reason: number | string) => string,
    /** The clock GATT deadlines run on: wall time (the peer answers in wall time). */
    private readonly wallClock: Clock = systemClock,
  ) {
    this.peripheralId = peripheral.id;
    peripheral.once('disconnect', (reason) => this.#down(describeReason(reason)));
  }

  get mtu(): number {
    return this.peripheral.mtu ?? 23;
  }

  get connected(): boolean {
    return this.#connected;
  }

  async readInfo(): Promise<Uint8Array> {
    return toBytes(await this.#op(this.chars.info.readAsync(), 'info read'));
  }

  async writeControlPoint(fragment: Uint8Array): Promise<void> {
    this.logger.debug({ dir: 'tx', bytes: fragment.length }, 'control point write');
    await this.#op(this.chars.controlPoint.writeAsync(toBuffer(fragment), false), 'control point write');
  }

  async readResponse(): Promise<Uint8Array> {
    const value = toBytes(await this.#op(this.chars.response.readAsync(), 'response read'));
    this.logger.debug({ dir: 'rx', bytes: value.length, via: 'read' }, 'response fragment');
    return value;
  }

  async subscribeResponses(onFragment: (fragment: Uint8Array) => void): Promise<void> {
    this.chars.response.on('data', (data: Buffer, isNotification: boolean) => {
      if (!isNotification) return; // reads resolve readResponse(); only notifications go here
      this.logger.debug({ dir: 'rx', bytes: data.length, via: 'notify' }, 'response fragment');
      onFragment(toBytes(data));
    });
    await this.#op(this.chars.response.subscribeAsync(), 'response subscribe');
  }

  onDisconnect(listener: (reason: string) => void): void {
    this.#listen(listener);
  }

  /** Adds a link-down listener; returns its remover. */
  #listen(listener: (reason: string) => void): () => void {
    const reason = this.#reason;
    if (reason !== undefined) {
      queueMicrotask(() => listener(reason));
      return () => {};
    }
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async disconnect(): Promise<void> {
    if (!this.#connected) return;
    try {
      await this.wallClock.timeout(this.peripheral.disconnectAsync(), this.opTimeoutMs, 'disconnect', { error: (m) => new BleError('timeout', m) });
    } catch (err) {
      this.logger.warn({ err }, 'disconnect did not complete cleanly');
    }
    this.#down('closed by the client');
  }

  #down(reason: string): void {
    if (this.#reason !== undefined) return;
    this.#connected = false;
    this.#reason = reason;
    this.logger.debug({ reason }, 'link down');
    this.chars.response.removeAllListeners('data');
    const listeners = [...this.#listeners];
    this.#listeners.clear();
    for (const l of listeners) l(reason);
  }

  /**
   * A GATT operation that fails fast when the link drops instead of waiting for its timeout. One
   * promise settled by whichever comes first (the work, the link going down, the deadline), no
   * Promise.race chains: this runs for every ATT operation of every unlock.
   */
  #op<T>(work: Promise<T>, what: string): Promise<T> {
    if (!this.#connected) return Promise.reject(new BleError('io', `${what}: link is down (${this.#reason})`));
    return new Promise<T>((resolve, reject) => {
      let cancelTimer: CancelTimer | undefined;
      const settle = (): boolean => {
        if (cancelTimer === undefined) return false;
        cancelTimer();
        cancelTimer = undefined;
        stopListening();
        return true;
      };
      // Not Clock.timeout: the link going down settles the same promise (one promise an ATT op).
      cancelTimer = this.wallClock.setTimer(this.opTimeoutMs, () => {
        if (settle()) reject(new BleError('timeout', `${what} timed out after ${this.opTimeoutMs} ms`));
      });
      const stopListening = this.#listen((reason) => {
        if (settle()) reject(new BleError('io', `${what}: link lost (${reason})`));
      });
      work.then(
        (value) => {
          if (settle()) resolve(value);
        },
        (err: unknown) => {
          if (!settle()) return;
          reject(err instanceof BleError ? err : new BleError('io', `${what} failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err }));
        },
      );
    });
  }
}
