/**
 * Splits messages into fragments (PROTOCOL.md §3):
 * `[0] message id u8 | [1] fragment index u8 | (index 0 only) [2..3] total length u16 LE | payload`.
 * A fragment is at most min(ATT_MTU - 3, 512) bytes (Core Vol 3 Part F §3.2.9, §3.4.5.1, §3.4.7.1).
 */
import { KeyrigError } from '../errors.js';
import {
  ATT_MIN_MTU,
  DEFAULT_MAX_MESSAGE_SIZE,
  FIRST_FRAGMENT_HEADER_LENGTH,
  FRAGMENT_HEADER_LENGTH,
  fragmentCapacity,
  MAX_FRAGMENTS_PER_MESSAGE,
  MAX_MESSAGE_SIZE_LIMIT,
  MIN_MAX_MESSAGE_SIZE,
} from './constants.js';
import { FragmentError } from './FragmentError.js';

/** Options of a {@link Fragmenter}. */
export interface FragmenterOptions {
  /** ATT_MTU of the connection (default 23, the LE minimum). */
  readonly mtu?: number;
  /** Largest message allowed (default 2048; a lock announces its own in the info characteristic). */
  readonly maxMessageSize?: number;
}

/** Checks an ATT_MTU value; throws KeyrigError('config') when it is not an integer in 23..65535. */
export function checkMtu(mtu: number): number {
  if (!Number.isInteger(mtu) || mtu < ATT_MIN_MTU || mtu > 0xffff) {
    throw new KeyrigError('config', `ATT_MTU must be an integer in ${ATT_MIN_MTU}..65535, got ${mtu}`);
  }
  return mtu;
}

/** Checks a max message size; throws KeyrigError('config') when it is not in 64..65535. */
export function checkMaxMessageSize(size: number): number {
  if (!Number.isInteger(size) || size < MIN_MAX_MESSAGE_SIZE || size > MAX_MESSAGE_SIZE_LIMIT) {
    throw new KeyrigError(
      'config',
      `max message size must be an integer in ${MIN_MAX_MESSAGE_SIZE}..${MAX_MESSAGE_SIZE_LIMIT}, got ${size}`,
    );
  }
  return size;
}

/** Turns messages into fragments for one direction; message ids start at 0 and wrap after 255. */
export class Fragmenter {
  #mtu: number;
  #maxMessageSize: number;
  #nextId = 0;

  constructor(options: FragmenterOptions = {}) {
    this.#mtu = checkMtu(options.mtu ?? ATT_MIN_MTU);
    this.#maxMessageSize = checkMaxMessageSize(options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE);
  }

  get mtu(): number {
    return this.#mtu;
  }

  /** Fragments made after this call use the new ATT_MTU (e.g. after an Exchange MTU). */
  setMtu(mtu: number): void {
    this.#mtu = checkMtu(mtu);
  }

  get maxMessageSize(): number {
    return this.#maxMessageSize;
  }

  setMaxMessageSize(size: number): void {
    this.#maxMessageSize = checkMaxMessageSize(size);
  }

  /** The id the next message will carry. */
  get nextMessageId(): number {
    return this.#nextId;
  }

  /** Back to message id 0 (a new connection). */
  reset(): void {
    this.#nextId = 0;
  }

  /**
   * Splits one message into fragments and consumes a message id. Throws FragmentError `too-short`
   * for an empty message and `overlong` when it exceeds the max message size or 256 fragments.
   */
  fragment(message: Uint8Array): Uint8Array[] {
    const id = this.#nextId;
    if (message.length === 0) {
      throw new FragmentError('too-short', 'cannot send an empty message', { messageId: id });
    }
    if (message.length > this.#maxMessageSize) {
      throw new FragmentError(
        'overlong',
        `message of ${message.length} bytes exceeds the max message size ${this.#maxMessageSize}`,
        { messageId: id },
      );
    }
    const cap = fragmentCapacity(this.#mtu);
    const firstPayload = cap - FIRST_FRAGMENT_HEADER_LENGTH;
    const nextPayload = cap - FRAGMENT_HEADER_LENGTH;
    const count =
      message.length <= firstPayload ? 1 : 1 + Math.ceil((message.length - firstPayload) / nextPayload);
    if (count > MAX_FRAGMENTS_PER_MESSAGE) {
      throw new FragmentError(
        'overlong',
        `message of ${message.length} bytes needs ${count} fragments at ATT_MTU ${this.#mtu} (max 256)`,
        { messageId: id },
      );
    }
    const fragments: Uint8Array[] = [];
    const firstLength = Math.min(firstPayload, message.length);
    const first = new Uint8Array(FIRST_FRAGMENT_HEADER_LENGTH + firstLength);
    first[0] = id;
    first[1] = 0;
    first[2] = message.length & 0xff;
    first[3] = message.length >> 8;
    first.set(message.subarray(0, firstLength), FIRST_FRAGMENT_HEADER_LENGTH);
    fragments.push(first);
    for (let offset = firstLength, index = 1; offset < message.length; index++) {
      const length = Math.min(nextPayload, message.length - offset);
      const f = new Uint8Array(FRAGMENT_HEADER_LENGTH + length);
      f[0] = id;
      f[1] = index;
      f.set(message.subarray(offset, offset + length), FRAGMENT_HEADER_LENGTH);
      fragments.push(f);
      offset += length;
    }
    this.#nextId = (id + 1) & 0xff;
    return fragments;
  }
}
