/**
 * What a hostile phone can write to a lock's control point (PROTOCOL.md §2–§4), as fast-check
 * arbitraries: one fuzz case is a state to reach with a genuine phone (nothing, HELLO answered,
 * session ready) followed by a few hostile steps — raw fragments, well-framed random or typed
 * messages, altered genuine messages of this very session, out-of-order or never-ending
 * fragment streams, and clock jumps (reassembly timeout, handshake deadline, idle timeout).
 */
import fc from 'fast-check';
import { MessageType } from '@keyrig/protocol';

/** Where the genuine phone leaves the session before the hostile steps start. */
export type Prefix = 'none' | 'hello' | 'ready';

/** A byte-level change applied to a genuine message. */
export type Mutation =
  | { readonly kind: 'flip'; readonly at: number; readonly bit: number }
  | { readonly kind: 'truncate'; readonly to: number }
  | { readonly kind: 'extend'; readonly extra: Uint8Array }
  | { readonly kind: 'overwrite'; readonly at: number; readonly bytes: Uint8Array }
  | { readonly kind: 'retype'; readonly type: number };

/** One hostile step of a case (docs/ROBUSTNESS.md's table). */
export type Step =
  /** One control-point write, exactly these bytes. */
  | { readonly kind: 'fragment'; readonly bytes: Uint8Array }
  /** A whole message, framed with the next message id at this MTU (reaches the session layer). */
  | { readonly kind: 'message'; readonly bytes: Uint8Array }
  /** This session's own next genuine message (PHONE_AUTH after 'hello', COMMAND after 'ready'), altered. */
  | { readonly kind: 'mutated'; readonly mutation: Mutation }
  /** A message cut into fragments, then delivered shuffled, with duplicates and drops. */
  | { readonly kind: 'scrambled'; readonly bytes: Uint8Array; readonly order: readonly number[] }
  /** A first fragment announcing `total` bytes followed by `count` continuations (never-ending or overlong). */
  | { readonly kind: 'endless'; readonly total: number; readonly count: number; readonly id: number }
  /** Lock time moves on; the lock's 250 ms housekeeping (checkTimeout, poll) runs. */
  | { readonly kind: 'time'; readonly ms: number };

/** One case: a fresh connection, a genuine prefix, then hostile steps. */
export interface FuzzCase {
  readonly prefix: Prefix;
  readonly mtu: number;
  /** Responses notified (true) or left queued for reads that never come (false). */
  readonly subscribed: boolean;
  readonly steps: readonly Step[];
  /** The phone hangs up the moment its last write is acknowledged (no time for the lock to answer). */
  readonly hangUp: boolean;
}

const TYPES = Object.values(MessageType);

/** A TLV body of random fields (§4.1), sometimes with a lying length. */
const tlvBody = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 80 }), fc.integer({ min: -3, max: 3 })), { maxLength: 6 })
  .map((fields) => {
    const parts: number[] = [];
    for (const [tag, value, lie] of fields) {
      const n = Math.max(0, Math.min(0xffff, value.length + (lie === 3 ? 1000 : lie === -3 ? -1 : 0)));
      parts.push(tag, n & 0xff, n >> 8, ...value);
    }
    return Uint8Array.from(parts);
  });

/** A message body: a known type byte then a TLV or random body, or pure noise. */
export const messageArb: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...TYPES), tlvBody).map(([t, b]) => Uint8Array.of(t, ...b)) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...TYPES), fc.uint8Array({ minLength: 0, maxLength: 200 })).map(([t, b]) => Uint8Array.of(t, ...b)) },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 300 }) },
  // Encrypted-looking: type, counter (u32 BE), ciphertext + 16-byte tag (§4.3).
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(MessageType.COMMAND, MessageType.PHONE_AUTH, MessageType.ERROR), fc.integer({ min: 0, max: 0xffffffff }), fc.uint8Array({ minLength: 0, maxLength: 120 }))
      .map(([t, counter, rest]) => {
        const head = t === MessageType.PHONE_AUTH ? [t, 0x04, ...new Uint8Array(64).fill(counter & 0xff)] : [t];
        return Uint8Array.of(...head, counter >>> 24, (counter >>> 16) & 0xff, (counter >>> 8) & 0xff, counter & 0xff, ...rest);
      }),
  },
  // Oversized: above the 2048-byte max message size the lock announces.
  { weight: 1, arbitrary: fc.integer({ min: 2049, max: 4000 }).map((n) => new Uint8Array(n).fill(MessageType.PHONE_AUTH)) },
);

/** A single fragment: noise, or a first/continuation header with plausible or absurd fields. */
export const fragmentArb: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 2, arbitrary: fc.uint8Array({ minLength: 0, maxLength: 40 }) },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 0, maxLength: 600 }) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.integer({ min: 0, max: 3 }), fc.constantFrom(0, 1, 2, 16, 2047, 2048, 2049, 65535), fc.integer({ min: 0, max: 65535 }), fc.uint8Array({ maxLength: 60 }))
      .map(([id, fixed, random, payload]) => {
        const total = random % 3 === 0 ? random : fixed;
        return Uint8Array.of(id, 0, total & 0xff, total >> 8, ...payload);
      }),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 255 }), fc.uint8Array({ maxLength: 60 }))
      .map(([id, index, payload]) => Uint8Array.of(id, index, ...payload)),
  },
);

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('truncate' as const), to: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('extend' as const), extra: fc.uint8Array({ minLength: 1, maxLength: 64 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('overwrite' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('retype' as const), type: fc.integer({ min: 0, max: 255 }) }) },
);

/** Applies a mutation; the result always differs from the genuine message. */
export function mutate(genuine: Uint8Array, m: Mutation): Uint8Array {
  let out: Uint8Array;
  switch (m.kind) {
    case 'flip':
      out = genuine.slice();
      out[m.at % out.length]! ^= 1 << m.bit;
      break;
    case 'truncate':
      out = genuine.slice(0, m.to % genuine.length);
      break;
    case 'extend':
      out = Uint8Array.of(...genuine, ...m.extra);
      break;
    case 'overwrite': {
      out = genuine.slice();
      const at = m.at % out.length;
      out.set(m.bytes.subarray(0, out.length - at), at);
      break;
    }
    case 'retype':
      out = genuine.slice();
      out[0] = m.type;
      break;
  }
  if (out.length === genuine.length && out.every((b, i) => b === genuine[i])) {
    out = out.slice();
    out[out.length - 1]! ^= 0x01; // the overwrite/retype happened to keep the byte: still make it differ
  }
  return out;
}

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fragmentArb.map((bytes) => ({ kind: 'fragment' as const, bytes })) },
  { weight: 4, arbitrary: messageArb.map((bytes) => ({ kind: 'message' as const, bytes })) },
  { weight: 3, arbitrary: mutationArb.map((mutation) => ({ kind: 'mutated' as const, mutation })) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(messageArb, fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 12 }))
      .map(([bytes, order]) => ({ kind: 'scrambled' as const, bytes, order })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ total: fc.constantFrom(100, 2048, 4000, 65535), count: fc.integer({ min: 1, max: 140 }), id: fc.integer({ min: 0, max: 2 }) })
      .map((r) => ({ kind: 'endless' as const, ...r })),
  },
  { weight: 1, arbitrary: fc.constantFrom(250, 600, 1999, 2001, 2600, 10_001).map((ms) => ({ kind: 'time' as const, ms })) },
);

/** Generated cases (fast-check). */
export const fuzzCaseArb: fc.Arbitrary<FuzzCase> = fc.record({
  prefix: fc.constantFrom<Prefix>('none', 'none', 'hello', 'ready'),
  mtu: fc.constantFrom(23, 23, 185, 247, 517),
  subscribed: fc.boolean(),
  steps: fc.array(stepArb, { minLength: 1, maxLength: 10 }),
  hangUp: fc.boolean(),
});
