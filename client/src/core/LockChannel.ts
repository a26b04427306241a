/**
 * Whole messages to and from one connected lock (PROTOCOL.md §2, §3): reads the info
 * characteristic, frames messages over the control point, and takes responses either from
 * notifications or by pulling reads (a zero-length read means "nothing yet, read again").
 */
import { decodeLockInfo, FramedChannel, hasFeature, systemClock, type CancelTimer, type Clock, type LockInfo } from '@keyrig/protocol';
import type { GattLink } from './central.js';
import { BleError } from './errors.js';
import { silentLogger, type Logger } from './logger.js';

/** How responses come back: notifications, read-pulls, or whatever the lock's info offers. */
export type ResponseMode = 'auto' | 'notify' | 'read';

/** Options of a channel; all optional. */
export interface LockChannelOptions {
  /** The phone's clock, for the reassembly timeout of a partial message (default systemClock). */
  readonly clock?: Clock;
  /**
   * The clock the channel's waits run on: the reassembly check tick, the pause between empty
   * reads and the response deadline (default systemClock). Wall time, even when `clock` is a
   * scenario's manual or travelling clock: the lock answers over a radio, in wall time.
   */
  readonly radioClock?: Clock;
  readonly logger?: Logger;
  /** Default 'auto': notifications when the lock announces them, else reads. */
  readonly responseMode?: ResponseMode;
  /** Wait between empty reads in read mode (default 10 ms). */
  readonly pollIntervalMs?: number;
  /** Give up pulling a response after this long (default 5 s). */
  readonly responseTimeoutMs?: number;
}

/** A message pipe to one connected lock. Make with `LockChannel.open(link)`; close it before disconnecting. */
export class LockChannel {
  readonly info: LockInfo;
  readonly mode: 'notify' | 'read';
  readonly #link: GattLink;
  readonly #framed: FramedChannel;
  readonly #logger: Logger;
  readonly #options: LockChannelOptions;
  readonly #radio: Clock;
  readonly #stopTick: CancelTimer;
  #onMessage: (message: Uint8Array) => void = () => {};
  #onFailure: (error: Error) => void = () => {};
  #received = 0;
  #closed = false;

  private constructor(link: GattLink, info: LockInfo, mode: 'notify' | 'read', options: LockChannelOptions) {
    this.#link = link;
    this.info = info;
    this.mode = mode;
    this.#options = options;
    this.#logger = options.logger ?? silentLogger;
    this.#framed = new FramedChannel({
      sendFragment: (f) => link.writeControlPoint(f),
      onMessage: (m) => {
        this.#received++;
        this.#logger.debug({ dir: 'rx', type: m[0], bytes: m.length }, 'message');
        this.#onMessage(m);
      },
      onError: (e) => this.#fail(e),
      mtu: link.mtu,
      maxMessageSize: info.maxMessageSize,
      clock: options.clock ?? systemClock,
    });
    this.#radio = options.radioClock ?? systemClock;
    this.#stopTick = this.#radio.every(500, () => this.#framed.checkTimeout());
    link.onDisconnect((reason) => this.#fail(new BleError('io', `link lost: ${reason}`)));
  }

  /** Reads the lock's info and prepares framing and the response path. */
  static async open(link: GattLink, options: LockChannelOptions = {}): Promise<LockChannel> {
    const info = decodeLockInfo(await link.readInfo());
    const wanted = options.responseMode ?? 'auto';
    const mode = wanted === 'auto' ? (hasFeature(info.features, 'notify') ? 'notify' : 'read') : wanted;
    const channel = new LockChannel(link, info, mode, options);
    if (mode === 'notify') await link.subscribeResponses((f) => channel.#receive(f));
    options.logger?.debug({ mode, mtu: link.mtu, lockId: info.lockId, maxMessageSize: info.maxMessageSize }, 'channel open');
    return channel;
  }

  /** Where complete messages go (the phone session's input). */
  onMessage(handler: (message: Uint8Array) => void): void {
    this.#onMessage = handler;
  }

  /** Called once when the channel breaks: link lost, fragment error, response timeout. */
  onFailure(handler: (error: Error) => void): void {
    this.#onFailure = handler;
  }

  /** Sends one message; in read mode, then pulls reads until the next message has arrived. */
  async send(message: Uint8Array): Promise<void> {
    if (this.#closed) throw new BleError('state', 'channel is closed');
    this.#logger.debug({ dir: 'tx', type: message[0], bytes: message.length }, 'message');
    const before = this.#received;
    await this.#framed.send(message);
    if (this.mode === 'read') void this.#pull(before).catch((e: unknown) => this.#fail(e as Error));
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#stopTick();
    this.#framed.reset();
  }

  #receive(fragment: Uint8Array): void {
    if (!this.#closed) this.#framed.receive(fragment);
  }

  async #pull(before: number): Promise<void> {
    const interval = this.#options.pollIntervalMs ?? 10;
    const timeoutMs = this.#options.responseTimeoutMs ?? 5000;
    const started = this.#radio.now();
    while (!this.#closed && this.#received === before) {
      const value = await this.#link.readResponse();
      if (value.length > 0) {
        this.#receive(value);
        continue;
      }
      if (this.#radio.now() - started > timeoutMs) {
        throw new BleError('timeout', `no response from the lock within ${timeoutMs} ms`);
      }
      await this.#radio.sleep(interval);
    }
  }

  #fail(error: Error): void {
    if (this.#closed) return;
    this.#logger.debug({ err: error.message }, 'channel failed');
    this.close();
    this.#onFailure(error);
  }
}
