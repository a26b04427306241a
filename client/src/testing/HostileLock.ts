/**
 * A malicious lock for the client core: a Central whose links answer every phone message with
 * hostile fragments — noise, oversized values, never-ending continuation floods, well-framed
 * garbage, structurally valid but forged LOCK_AUTHs, ERRORs with absurd reasons — or drop the
 * link, or serve a garbage info value. Each connection plays the next behaviour of its case.
 * Every behaviour ends in something final (a complete message or a disconnect), so a client that
 * hangs is the client's fault; silence alone is tested separately (it costs the real timeouts).
 */
import {
  encodeClearError,
  encodeLockAuth,
  encodeLockInfo,
  featureBits,
  LockType,
  MessageType,
} from '@keyrig/protocol';
import type { Central, ConnectRequest, GattLink, Sighting } from '../core/central.js';

/** What a hostile link does in answer to one phone message. */
export type HostileAction =
  | { readonly kind: 'fragment'; readonly bytes: Uint8Array }
  | { readonly kind: 'message'; readonly bytes: Uint8Array }
  | { readonly kind: 'flood'; readonly count: number; readonly id: number }
  | { readonly kind: 'disconnect' };

/** How one hostile connection behaves. */
export interface HostileBehaviour {
  /** Responses by notification or only by read-pull. */
  readonly notify: boolean;
  /** The info characteristic's value (undefined: a genuine one). */
  readonly info?: Uint8Array;
  readonly mtu: number;
  /** What the lock does after each message the phone writes (the last entry repeats). */
  readonly answers: readonly (readonly HostileAction[])[];
  /** Make writes fail (a broken control point). */
  readonly writesFail?: boolean;
}

/** The lock id every hostile lock advertises. */
export const HOSTILE_LOCK_ID = '6b657972-0000-4000-8000-0000000000ee';

/** A forged LOCK_AUTH: right shape, wrong everything (random key, certificate and signature). */
export function forgedLockAuth(seed: Uint8Array): Uint8Array {
  const point = new Uint8Array(65).fill(seed[0] ?? 1);
  point[0] = 0x04;
  return encodeLockAuth({
    selectedVersion: 1,
    lockVersions: [1],
    lockEphemeralKey: point,
    transactionId: new Uint8Array(16).fill(seed[1] ?? 2),
    lockId: HOSTILE_LOCK_ID,
    certificate: seed,
    lockTime: 1_780_000_000_000,
    signature: new Uint8Array(64).fill(seed[2] ?? 3),
  });
}

/** A clear ERROR message with any code and reason (hostile locks send absurd ones). */
export function longError(code: number, reason: string): Uint8Array {
  return encodeClearError({ code, reason });
}

class HostileLink implements GattLink {
  readonly peripheralId = 'hostile';
  readonly mtu: number;
  #down = false;
  #notify: ((f: Uint8Array) => void) | undefined;
  readonly #queue: Uint8Array[] = [];
  readonly #listeners: ((reason: string) => void)[] = [];
  #nextId = 0;
  #messagesSeen = 0;
  #partial = 0;

  constructor(private readonly b: HostileBehaviour) {
    this.mtu = b.mtu;
  }

  get connected(): boolean {
    return !this.#down;
  }

  async readInfo(): Promise<Uint8Array> {
    this.#check();
    return (
      this.b.info ??
      encodeLockInfo({ minVersion: 1, maxVersion: 1, maxMessageSize: 2048, features: featureBits(this.b.notify ? ['notify', 'readPull'] : ['readPull']), lockType: LockType.door, lockId: HOSTILE_LOCK_ID })
    );
  }

  async writeControlPoint(fragment: Uint8Array): Promise<void> {
    this.#check();
    if (this.b.writesFail) throw new Error('ATT write failed (0x0e unlikely error)');
    // Count whole messages the phone wrote (first fragments carry the total length, §3.1).
    if (fragment[1] === 0 && fragment.length >= 4) this.#partial = fragment[2]! | (fragment[3]! << 8);
    this.#partial -= fragment.length - (fragment[1] === 0 ? 4 : 2);
    if (this.#partial > 0) return;
    const answer = this.b.answers[Math.min(this.#messagesSeen++, this.b.answers.length - 1)] ?? [];
    // Answer after the write response, as a lock would.
    setImmediate(() => this.#play(answer));
  }

  async readResponse(): Promise<Uint8Array> {
    this.#check();
    return this.#queue.shift() ?? new Uint8Array(0);
  }

  async subscribeResponses(onFragment: (f: Uint8Array) => void): Promise<void> {
    this.#check();
    this.#notify = onFragment;
  }

  onDisconnect(listener: (reason: string) => void): void {
    this.#listeners.push(listener);
  }

  async disconnect(): Promise<void> {
    this.#drop('closed by the client');
  }

  #play(actions: readonly HostileAction[]): void {
    for (const a of actions) {
      if (this.#down) return;
      switch (a.kind) {
        case 'fragment':
          this.#out(a.bytes);
          break;
        case 'message':
          for (const f of this.#cut(a.bytes)) this.#out(f);
          break;
        case 'flood': {
          const cap = Math.min(this.mtu - 3, 512);
          this.#out(Uint8Array.of(a.id, 0, 0xff, 0xff, ...new Uint8Array(cap - 4).fill(0x61)));
          for (let i = 1; i <= a.count; i++) this.#out(Uint8Array.of(a.id, i & 0xff, ...new Uint8Array(cap - 2).fill(0x62)));
          break;
        }
        case 'disconnect':
          this.#drop('the lock hung up');
          return;
      }
    }
  }

  /** §3 fragments with this lock's own message ids, also for messages no honest lock may send. */
  #cut(m: Uint8Array): Uint8Array[] {
    const cap = Math.min(this.mtu - 3, 512);
    const id = this.#nextId++ & 0xff;
    const total = Math.min(m.length, 0xffff);
    const out = [Uint8Array.of(id, 0, total & 0xff, total >> 8, ...m.subarray(0, cap - 4))];
    for (let at = cap - 4, i = 1; at < total && i < 256; at += cap - 2, i++) out.push(Uint8Array.of(id, i, ...m.subarray(at, at + cap - 2)));
    return out;
  }

  #out(f: Uint8Array): void {
    if (this.#notify) this.#notify(f);
    else this.#queue.push(f);
  }

  #drop(reason: string): void {
    if (this.#down) return;
    this.#down = true;
    for (const l of this.#listeners) l(reason);
  }

  #check(): void {
    if (this.#down) throw new Error('link is down');
  }
}

/** A Central that "finds" one lock and hands out a link per connection, behaviours in turn. */
export class HostileCentral implements Central {
  connections = 0;
  constructor(private readonly behaviours: readonly HostileBehaviour[]) {}

  async scan(): Promise<Sighting[]> {
    return [];
  }

  async connect(_id: string, _r?: ConnectRequest): Promise<GattLink> {
    const b = this.behaviours[this.connections++ % this.behaviours.length]!;
    return new HostileLink(b);
  }

  async close(): Promise<void> {}
}

/** The ERROR message type byte. */
export const ERROR_TYPE = MessageType.ERROR;
