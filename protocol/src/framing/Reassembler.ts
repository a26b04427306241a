/**
 * Rebuilds messages from fragments (PROTOCOL.md §3) and refuses every broken stream with a typed
 * FragmentError. Message ids start at 0 on a new connection and go up by one per message (mod 256),
 * which is what lets a duplicated or lost single-fragment message be noticed. After an error the
 * partial message is dropped and the next message may carry any id (resynchronisation).
 */
import { systemClock, type Clock } from '../clock.js';
import {
  DEFAULT_MAX_MESSAGE_SIZE,
  FIRST_FRAGMENT_HEADER_LENGTH,
  FRAGMENT_HEADER_LENGTH,
  REASSEMBLY_TIMEOUT_MS,
} from './constants.js';
import { FragmentError, type FragmentErrorReason } from './FragmentError.js';
import { checkMaxMessageSize } from './Fragmenter.js';

/** Options of a {@link Reassembler}. */
export interface ReassemblerOptions {
  /** Largest message accepted (default 2048). */
  readonly maxMessageSize?: number;
  /** Time source for the reassembly timeout (default: the system clock). */
  readonly clock?: Clock;
  /** Longest silence between fragments of one message, in ms (default 2000). */
  readonly timeoutMs?: number;
}

interface PartialMessage {
  readonly id: number;
  readonly buffer: Uint8Array;
  received: number;
  nextIndex: number;
  lastAt: number;
}

/** Turns the fragments of one direction back into messages. */
export class Reassembler {
  readonly #clock: Clock;
  readonly #timeoutMs: number;
  #maxMessageSize: number;
  #current: PartialMessage | undefined;
  /** Id the next message must carry; undefined after an error (any id resynchronises). */
  #expectedId: number | undefined = 0;

  constructor(options: ReassemblerOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#timeoutMs = options.timeoutMs ?? REASSEMBLY_TIMEOUT_MS;
    this.#maxMessageSize = checkMaxMessageSize(options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE);
  }

  /** True while a message is partly received. */
  get inProgress(): boolean {
    return this.#current !== undefined;
  }

  get maxMessageSize(): number {
    return this.#maxMessageSize;
  }

  setMaxMessageSize(size: number): void {
    this.#maxMessageSize = checkMaxMessageSize(size);
  }

  /** A new connection: forget any partial message and expect message id 0. */
  reset(): void {
    this.#current = undefined;
    this.#expectedId = 0;
  }

  /**
   * Throws FragmentError `timeout` (and drops the partial message) when a message is incomplete and
   * no fragment came for longer than the timeout. Call it from a timer: push() only notices a
   * timeout when the next fragment arrives.
   */
  checkTimeout(): void {
    const c = this.#current;
    if (c === undefined) return;
    const silence = this.#clock.now() - c.lastAt;
    if (silence > this.#timeoutMs) {
      this.#fail('timeout', `no fragment for ${silence} ms (limit ${this.#timeoutMs} ms)`, c.id);
    }
  }

  /**
   * Takes one fragment; returns the message it completes, or undefined when more fragments are
   * needed. Throws FragmentError (never anything else) for a broken stream.
   */
  push(fragment: Uint8Array): Uint8Array | undefined {
    if (fragment.length < FRAGMENT_HEADER_LENGTH) {
      this.#fail('too-short', `fragment of ${fragment.length} bytes is shorter than its 2-byte header`);
    }
    const id = fragment[0]!;
    const index = fragment[1]!;
    const c = this.#current;
    if (c !== undefined) {
      this.checkTimeout();
      if (id !== c.id) {
        this.#fail('interleaved', `message ${id} started while message ${c.id} is incomplete`, id, index);
      }
      if (index < c.nextIndex || index === 0) {
        this.#fail('duplicate', `fragment ${index} of message ${id} already received`, id, index);
      }
      if (index > c.nextIndex) {
        this.#fail('gap', `fragment ${index} of message ${id} arrived, expected ${c.nextIndex}`, id, index);
      }
      const payload = fragment.subarray(FRAGMENT_HEADER_LENGTH);
      if (c.received + payload.length > c.buffer.length) {
        this.#fail(
          'overlong',
          `message ${id} carries more than its declared ${c.buffer.length} bytes`,
          id,
          index,
        );
      }
      c.buffer.set(payload, c.received);
      c.received += payload.length;
      c.nextIndex++;
      c.lastAt = this.#clock.now();
      return this.#completeIfDone(c);
    }

    if (index !== 0) {
      this.#fail('no-first-fragment', `fragment ${index} of message ${id} without its first fragment`, id, index);
    }
    if (fragment.length < FIRST_FRAGMENT_HEADER_LENGTH) {
      this.#fail('too-short', `first fragment of ${fragment.length} bytes is shorter than its 4-byte header`, id, 0);
    }
    const expected = this.#expectedId;
    if (expected !== undefined && id !== expected) {
      if (id === ((expected + 255) & 0xff)) {
        this.#fail('duplicate', `message ${id} was already received`, id, 0);
      }
      this.#fail('gap', `message ${id} arrived, expected message ${expected}`, id, 0);
    }
    const total = fragment[2]! | (fragment[3]! << 8);
    if (total === 0) this.#fail('too-short', `message ${id} declares zero length`, id, 0);
    if (total > this.#maxMessageSize) {
      this.#fail('overlong', `message ${id} declares ${total} bytes, max is ${this.#maxMessageSize}`, id, 0);
    }
    const payload = fragment.subarray(FIRST_FRAGMENT_HEADER_LENGTH);
    if (payload.length > total) {
      this.#fail('overlong', `message ${id} carries more than its declared ${total} bytes`, id, 0);
    }
    const started: PartialMessage = {
      id,
      buffer: new Uint8Array(total),
      received: payload.length,
      nextIndex: 1,
      lastAt: this.#clock.now(),
    };
    started.buffer.set(payload);
    this.#current = started;
    return this.#completeIfDone(started);
  }

  #completeIfDone(c: PartialMessage): Uint8Array | undefined {
    if (c.received < c.buffer.length) return undefined;
    this.#current = undefined;
    this.#expectedId = (c.id + 1) & 0xff;
    return c.buffer;
  }

  #fail(reason: FragmentErrorReason, message: string, messageId?: number, fragmentIndex?: number): never {
    this.#current = undefined;
    this.#expectedId = undefined;
    const details: { messageId?: number; fragmentIndex?: number } = {};
    if (messageId !== undefined) details.messageId = messageId;
    if (fragmentIndex !== undefined) details.fragmentIndex = fragmentIndex;
    throw new FragmentError(reason, message, details);
  }
}
