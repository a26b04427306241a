/**
 * Delivery of response fragments on one connection (PROTOCOL.md §2, "read-pull"): notified while
 * the phone is subscribed; otherwise queued, and each read of the response characteristic takes the
 * next one, an empty value meaning "nothing yet, read again". Pure, so the lock's bleno adapter and
 * conformance tests share the exact rule. (Chrome's Web Bluetooth emulation cannot push
 * notifications, so a phone must be able to pull.)
 */
import { KeyrigError } from '../errors.js';

/** Default cap on queued fragments: a phone that never reads must not grow the lock's memory. */
export const DEFAULT_RESPONSE_QUEUE_CAPACITY = 1024;

/** The lock side of the response characteristic for one connection. */
export class ResponseQueue {
  readonly #queue: Uint8Array[] = [];
  readonly #capacity: number;
  #notify: ((fragment: Uint8Array) => void) | undefined;

  constructor(options: { capacity?: number } = {}) {
    this.#capacity = options.capacity ?? DEFAULT_RESPONSE_QUEUE_CAPACITY;
  }

  /** True while the phone is subscribed (CCCD notifications enabled). */
  get subscribed(): boolean {
    return this.#notify !== undefined;
  }

  /** Fragments waiting for a read. */
  get pending(): number {
    return this.#queue.length;
  }

  /** The phone enabled notifications: fragments already queued are notified now, in order. */
  subscribe(notify: (fragment: Uint8Array) => void): void {
    this.#notify = notify;
    while (this.#queue.length > 0 && this.#notify === notify) notify(this.#queue.shift()!);
  }

  /** The phone disabled notifications: later fragments are queued for reads. */
  unsubscribe(): void {
    this.#notify = undefined;
  }

  /**
   * Delivers one fragment: notifies it when subscribed, otherwise queues it. Throws
   * KeyrigError('state') when the queue is full (the phone stopped reading).
   */
  push(fragment: Uint8Array): void {
    if (this.#notify !== undefined) return this.#notify(fragment);
    if (this.#queue.length >= this.#capacity) {
      throw new KeyrigError('state', `response queue full (${this.#capacity} fragments unread)`);
    }
    this.#queue.push(fragment);
  }

  /** A read of the response characteristic: the next queued fragment, or an empty value. */
  read(): Uint8Array {
    return this.#queue.shift() ?? new Uint8Array(0);
  }

  /** Drops everything queued and the subscription (disconnection). */
  clear(): void {
    this.#queue.length = 0;
    this.#notify = undefined;
  }
}
