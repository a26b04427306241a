/**
 * A GattLink whose other end is protocol code, not a radio: the lock side runs the real
 * FramedChannel and ResponseQueue (PROTOCOL.md §2, §3) and answers each whole message with
 * whatever `answer` returns. For unit tests of the client core's channel logic; the end-to-end
 * tests (bin/test) use real noble and bleno on the virtual air.
 */
import {
  encodeLockInfo,
  featureBits,
  FramedChannel,
  LockType,
  ResponseQueue,
  type FeatureName,
} from '@keyrig/protocol';
import type { GattLink } from '../../src/core/central.js';

export interface LoopbackOptions {
  readonly mtu?: number;
  readonly features?: FeatureName[];
  readonly lockId?: string;
  /** The lock's reply to one whole message (undefined: no reply). */
  readonly answer: (message: Uint8Array) => Uint8Array | undefined;
}

export class LoopbackLink implements GattLink {
  readonly peripheralId = 'loopback';
  readonly mtu: number;
  readonly queue = new ResponseQueue();
  readonly lockSide: FramedChannel;
  reads = 0;
  emptyReads = 0;
  #down: string | undefined;
  readonly #listeners: ((reason: string) => void)[] = [];

  constructor(private readonly options: LoopbackOptions) {
    this.mtu = options.mtu ?? 23;
    this.lockSide = new FramedChannel({
      mtu: this.mtu,
      sendFragment: (f) => this.queue.push(f),
      onMessage: (m) => {
        const reply = options.answer(m);
        if (reply) void this.lockSide.send(reply);
      },
      onError: () => {},
    });
  }

  get connected(): boolean {
    return this.#down === undefined;
  }

  async readInfo(): Promise<Uint8Array> {
    return encodeLockInfo({
      minVersion: 1,
      maxVersion: 1,
      maxMessageSize: 2048,
      features: featureBits(this.options.features ?? ['notify', 'readPull']),
      lockType: LockType.door,
      lockId: this.options.lockId ?? '6b657972-0000-4000-8000-000000000101',
    });
  }

  async writeControlPoint(fragment: Uint8Array): Promise<void> {
    this.#check();
    this.lockSide.receive(fragment);
  }

  async readResponse(): Promise<Uint8Array> {
    this.#check();
    this.reads++;
    const v = this.queue.read();
    if (v.length === 0) this.emptyReads++;
    return v;
  }

  async subscribeResponses(onFragment: (fragment: Uint8Array) => void): Promise<void> {
    this.queue.subscribe(onFragment);
  }

  onDisconnect(listener: (reason: string) => void): void {
    this.#listeners.push(listener);
  }

  /** Simulates the link dropping. */
  drop(reason = 'connection timeout'): void {
    if (this.#down !== undefined) return;
    this.#down = reason;
    for (const l of this.#listeners) l(reason);
  }

  async disconnect(): Promise<void> {
    this.drop('closed by the client');
  }

  #check(): void {
    if (this.#down !== undefined) throw new Error(`link is down (${this.#down})`);
  }
}
