/**
 * One connected phone, below the protocol session: fragments in (control-point writes) and out
 * (response notifications or read-pull queue, PROTOCOL.md §2/§3), independent of bleno so it is
 * testable alone. Owns the session slot ("busy") and the `bad-reassembly-at-mtu-23` fault.
 */
import type { Logger } from 'pino';
import { FragmentError, FramedChannel, ResponseQueue, toHex, type Clock } from '@keyrig/protocol';
import type { FaultSet } from '../faults.js';
import type { SessionSlot } from '../SessionSlots.js';

/** What a connection drives above it (a protocol LockSession, wrapped). */
export interface ConnectionSession {
  /**
   * A whole message from the phone; `arrivedAt` is the lock controller's simulated time when its
   * last fragment arrived (modeled air only, for MCU crypto charging).
   */
  receive(message: Uint8Array, arrivedAt?: number): void | Promise<void>;
  /** The fragment stream broke (the session answers FRAGMENT_ERROR). */
  fragmentError(error: FragmentError): void | Promise<void>;
  /** Checks the session's deadlines (§11); called periodically. */
  poll(): void;
  /** The phone disconnected or the lock is shutting down. */
  close(): void;
}

export interface LockConnectionOptions {
  readonly id: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly faults: FaultSet;
  readonly maxMessageSize: number;
  /** Current ATT_MTU of this connection. */
  readonly mtu: () => number;
  /** Takes a session slot at the phone's first message (undefined: busy). */
  readonly acquireSlot: () => SessionSlot | undefined;
  /**
   * The lock controller's simulated clock (`attachment.simTime`, modeled air): each whole message
   * is stamped with it as its last fragment arrives, before any wall-clock work on it.
   */
  readonly simTime?: () => number;
  /** Builds the session once the slot question is settled; `send` sends a whole message. */
  readonly createSession: (slot: SessionSlot | undefined, send: (message: Uint8Array) => Promise<void>) => ConnectionSession;
}

export class LockConnection {
  readonly id: string;
  readonly responses = new ResponseQueue();
  readonly #o: LockConnectionOptions;
  readonly #log: Logger;
  readonly #channel: FramedChannel;
  #session: ConnectionSession | undefined;
  #slot: SessionSlot | undefined;
  #closed = false;
  /** Messages are handled one after another, in arrival order. */
  #inbox: Promise<void> = Promise.resolve();

  constructor(options: LockConnectionOptions) {
    this.#o = options;
    this.id = options.id;
    this.#log = options.logger.child({ connection: options.id });
    this.#channel = new FramedChannel({
      sendFragment: (f) => {
        if (this.#closed) return;
        this.#log.debug({ dir: 'lock->phone', bytes: f.length }, 'fragment out');
        this.responses.push(f);
      },
      onMessage: (m) => {
        const arrivedAt = options.simTime?.();
        this.#enqueue(() => this.#ensureSession().receive(m, arrivedAt));
      },
      onError: (e) => this.#enqueue(() => this.#ensureSession().fragmentError(e)),
      mtu: options.mtu(),
      maxMessageSize: options.maxMessageSize,
      clock: options.clock,
    });
  }

  /** A control-point write (one fragment). */
  receiveFragment(fragment: Uint8Array): void {
    if (this.#closed) return;
    this.#slot?.touch();
    this.#syncMtu();
    this.#log.debug({ dir: 'phone->lock', bytes: fragment.length, head: toHex(fragment.subarray(0, 4)) }, 'fragment in');
    this.#channel.receive(this.#maybeCorrupt(fragment));
  }

  /** Reassembly timeouts (§3); call periodically. */
  checkTimeout(): void {
    if (this.#closed) return;
    this.#channel.checkTimeout();
    this.#session?.poll();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#channel.reset();
    this.responses.clear();
    this.#session?.close();
    this.#slot?.release();
  }

  get closed(): boolean {
    return this.#closed;
  }

  #syncMtu(): void {
    const mtu = this.#o.mtu();
    if (mtu !== this.#channel.mtu) this.#channel.setMtu(mtu);
  }

  #ensureSession(): ConnectionSession {
    if (!this.#session) {
      this.#slot = this.#o.acquireSlot();
      this.#session = this.#o.createSession(this.#slot, (m) => {
        this.#syncMtu();
        return this.#channel.send(m);
      });
    }
    return this.#session;
  }

  #enqueue(job: () => void | Promise<void>): void {
    // A job that runs after close() must not start a session: it would take a slot nobody
    // releases until the idle timeout (a phone writing HELLO and hanging up at once -> BUSY).
    this.#inbox = this.#inbox.then(() => (this.#closed ? undefined : job())).catch((err: unknown) => {
      this.#log.error({ err }, 'session failed on a message');
    });
  }

  /**
   * The `bad-reassembly-at-mtu-23` bug: at the minimum MTU the firmware copies each continuation
   * fragment's payload one byte short of where it belongs (an off-by-one in the offset), which
   * we reproduce by dropping the continuation's first payload byte and repeating its last.
   */
  #maybeCorrupt(fragment: Uint8Array): Uint8Array {
    if (this.#channel.mtu !== 23 || fragment.length < 4 || fragment[1] === 0) return fragment;
    if (!this.#o.faults.fires('bad-reassembly-at-mtu-23')) return fragment;
    const out = new Uint8Array(fragment);
    out.copyWithin(2, 3);
    return out;
  }
}
