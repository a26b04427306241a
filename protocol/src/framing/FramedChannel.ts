/**
 * One connection's message pipe over fragments (PROTOCOL.md §3), with I/O as callbacks so the
 * same code runs behind bleno (lock), noble (CLI phone) and Web Bluetooth (web app). It owns no
 * timer: the adapter calls checkTimeout() periodically (e.g. every 500 ms).
 */
import type { Clock } from '../clock.js';
import { KeyrigError } from '../errors.js';
import { ATT_MIN_MTU, DEFAULT_MAX_MESSAGE_SIZE } from './constants.js';
import { FragmentError } from './FragmentError.js';
import { Fragmenter } from './Fragmenter.js';
import { Reassembler } from './Reassembler.js';

/** What a {@link FramedChannel} needs from its adapter. */
export interface FramedChannelOptions {
  /** Puts one fragment on the air (a control-point write, a notification or a queued read value). */
  readonly sendFragment: (fragment: Uint8Array) => void | Promise<void>;
  /** A complete message arrived. */
  readonly onMessage: (message: Uint8Array) => void;
  /** The incoming fragment stream broke; the partial message was dropped. */
  readonly onError: (error: FragmentError) => void;
  /** ATT_MTU (default 23). */
  readonly mtu?: number;
  /** Largest message in either direction (default 2048, or the lock's info value). */
  readonly maxMessageSize?: number;
  readonly clock?: Clock;
  /** Reassembly timeout in ms (default 2000). */
  readonly timeoutMs?: number;
}

/** Sends and receives whole messages over one connection's fragments. */
export class FramedChannel {
  readonly #options: FramedChannelOptions;
  readonly #fragmenter: Fragmenter;
  readonly #reassembler: Reassembler;
  /** Sends run one after another so two messages never interleave on the air. */
  #tail: Promise<void> = Promise.resolve();
  #generation = 0;

  constructor(options: FramedChannelOptions) {
    this.#options = options;
    const maxMessageSize = options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE;
    this.#fragmenter = new Fragmenter({ mtu: options.mtu ?? ATT_MIN_MTU, maxMessageSize });
    const r: { maxMessageSize: number; clock?: Clock; timeoutMs?: number } = { maxMessageSize };
    if (options.clock !== undefined) r.clock = options.clock;
    if (options.timeoutMs !== undefined) r.timeoutMs = options.timeoutMs;
    this.#reassembler = new Reassembler(r);
  }

  get mtu(): number {
    return this.#fragmenter.mtu;
  }

  /** Messages sent after this call are cut for the new ATT_MTU. */
  setMtu(mtu: number): void {
    this.#fragmenter.setMtu(mtu);
  }

  /** Applies a max message size (e.g. from the lock's info characteristic) to both directions. */
  setMaxMessageSize(size: number): void {
    this.#fragmenter.setMaxMessageSize(size);
    this.#reassembler.setMaxMessageSize(size);
  }

  /**
   * Fragments `message` now (consuming a message id) and sends its fragments in order after any
   * earlier message. Rejects with FragmentError when the message cannot be framed, with whatever
   * sendFragment threw, or with KeyrigError('state') when reset() dropped it before it went out.
   */
  send(message: Uint8Array): Promise<void> {
    let fragments: Uint8Array[];
    try {
      fragments = this.#fragmenter.fragment(message);
    } catch (e) {
      return Promise.reject(e as Error);
    }
    const generation = this.#generation;
    const run = this.#tail.then(async () => {
      for (const f of fragments) {
        if (generation !== this.#generation) {
          throw new KeyrigError('state', 'channel was reset before the message was sent');
        }
        await this.#options.sendFragment(f);
      }
    });
    this.#tail = run.catch(() => undefined); // one failed send must not block the next
    return run;
  }

  /**
   * Takes one received fragment: calls onMessage when it completes a message, onError when the
   * stream is broken. An empty value is refused as `too-short`; a read-pull adapter must treat an
   * empty read as "nothing yet" (§2) and not pass it here.
   */
  receive(fragment: Uint8Array): void {
    let message: Uint8Array | undefined;
    try {
      message = this.#reassembler.push(fragment);
    } catch (e) {
      if (e instanceof FragmentError) return this.#options.onError(e);
      throw e;
    }
    if (message !== undefined) this.#options.onMessage(message);
  }

  /** Reports a reassembly timeout through onError, if one has happened. */
  checkTimeout(): void {
    try {
      this.#reassembler.checkTimeout();
    } catch (e) {
      if (e instanceof FragmentError) return this.#options.onError(e);
      throw e;
    }
  }

  /** True while an incoming message is partly received. */
  get receiving(): boolean {
    return this.#reassembler.inProgress;
  }

  /** A new connection: message ids restart at 0, partial input is dropped, unsent messages fail. */
  reset(): void {
    this.#generation++;
    this.#fragmenter.reset();
    this.#reassembler.reset();
  }
}
