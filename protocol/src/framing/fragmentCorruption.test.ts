/**
 * Property: a corrupted fragment stream (a fragment dropped, duplicated, reordered, or one of
 * another message interleaved) yields exactly the FragmentError §3 predicts, never a crash and never
 * a wrong message. The expected reason is derived from the stream's structure alone.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { FragmentError, type FragmentErrorReason } from './FragmentError.js';
import { Fragmenter } from './Fragmenter.js';
import { Reassembler } from './Reassembler.js';

const MTUS = [23, 185, 247, 517] as const;
const FOREIGN_ID = 200;

interface Item {
  readonly frag: Uint8Array;
  readonly msg: number;
  readonly index: number;
  readonly last: boolean;
}

type State = { idle: true; expected: number } | { idle: false; msg: number; nextIndex: number };

/** The reassembler's state after an uncorrupted prefix of `pos` fragments. */
function stateBefore(stream: readonly Item[], pos: number): State {
  const prev = stream[pos - 1];
  if (prev === undefined) return { idle: true, expected: 0 };
  return prev.last ? { idle: true, expected: prev.msg + 1 } : { idle: false, msg: prev.msg, nextIndex: prev.index + 1 };
}

/** A fragment of message `msg`/`index` arriving in `state`: which error must it raise? */
function arrival(state: State, x: { msg: number; index: number }, sameMessageLater: FragmentErrorReason): FragmentErrorReason {
  if (!state.idle) return x.msg !== state.msg ? 'interleaved' : sameMessageLater;
  if (x.index > 0) return 'no-first-fragment';
  return x.msg === state.expected - 1 ? 'duplicate' : 'gap';
}

type Corruption =
  | { kind: 'drop'; p: number }
  | { kind: 'duplicate'; p: number; q: number }
  | { kind: 'swap'; p: number; q: number }
  | { kind: 'interleave'; p: number; k: number };

function corrupt(stream: Item[], c: Corruption, foreign: Item[]): { out: Item[]; expected: FragmentErrorReason | null } {
  const out = [...stream];
  switch (c.kind) {
    case 'drop': {
      const x = stream[c.p]!;
      const next = stream[c.p + 1];
      out.splice(c.p, 1);
      if (next === undefined) return { out, expected: x.index === 0 && x.last ? null : 'timeout' };
      if (x.index > 0) return { out, expected: next.msg === x.msg ? 'gap' : 'interleaved' };
      return { out, expected: x.last ? 'gap' : 'no-first-fragment' };
    }
    case 'duplicate': {
      out.splice(c.q, 0, stream[c.p]!);
      return { out, expected: arrival(stateBefore(stream, c.q), stream[c.p]!, 'duplicate') };
    }
    case 'swap': {
      out[c.p] = stream[c.q]!;
      out[c.q] = stream[c.p]!;
      return { out, expected: arrival(stateBefore(stream, c.p), stream[c.q]!, 'gap') };
    }
    case 'interleave': {
      const y = foreign[c.k % foreign.length]!;
      out.splice(c.p, 0, y);
      return { out, expected: arrival(stateBefore(stream, c.p), y, 'interleaved') };
    }
  }
}

function buildStream(msgs: Uint8Array[], mtu: number): Item[] {
  const f = new Fragmenter({ mtu });
  return msgs.flatMap((m, msg) => {
    const frags = f.fragment(m);
    return frags.map((frag, index) => ({ frag, msg, index, last: index === frags.length - 1 }));
  });
}

const scenario = fc
  .record({
    mtu: fc.constantFrom(...MTUS),
    msgs: fc.array(fc.uint8Array({ minLength: 1, maxLength: 700 }), { minLength: 1, maxLength: 5 }),
    foreignSize: fc.integer({ min: 1, max: 700 }),
    a: fc.nat(),
    b: fc.nat(),
    kind: fc.constantFrom('drop', 'duplicate', 'swap', 'interleave'),
  })
  .map(({ mtu, msgs, foreignSize, a, b, kind }) => {
    const stream = buildStream(msgs, mtu);
    const foreign = new Fragmenter({ mtu }).fragment(new Uint8Array(foreignSize).fill(0xee)).map((frag, index) => {
      const copy = Uint8Array.from(frag);
      copy[0] = FOREIGN_ID;
      return { frag: copy, msg: FOREIGN_ID, index, last: false };
    });
    const n = stream.length;
    let c: Corruption;
    if (kind === 'drop') c = { kind, p: a % n };
    else if (kind === 'duplicate') {
      const p = a % n;
      c = { kind, p, q: p + 1 + (b % (n - p)) };
    } else if (kind === 'swap' && n >= 2) {
      const p = a % (n - 1);
      c = { kind, p, q: p + 1 + (b % (n - 1 - p)) };
    } else c = { kind: 'interleave', p: a % (n + 1), k: b };
    return { msgs, stream, foreign, c };
  });

describe('fragment stream corruption (property)', () => {
  it('raises exactly the predicted FragmentError and never delivers a wrong message', () => {
    fc.assert(
      fc.property(scenario, ({ msgs, stream, foreign, c }) => {
        const { out, expected } = corrupt(stream, c, foreign);
        const clock = new ManualClock();
        const r = new Reassembler({ clock });
        const delivered: Uint8Array[] = [];
        let error: FragmentError | undefined;
        try {
          for (const item of out) {
            clock.advance(5);
            const m = r.push(item.frag);
            if (m !== undefined) delivered.push(m);
          }
          clock.advance(2001);
          r.checkTimeout();
        } catch (e) {
          if (!(e instanceof FragmentError)) throw e;
          error = e;
        }
        expect(error?.reason ?? null).toBe(expected);
        expect(delivered).toEqual(msgs.slice(0, delivered.length));
        if (expected === null) expect(delivered.length).toBe(msgs.length - 1);
      }),
      { numRuns: 400 },
    );
  });

  it('answers random bytes and truncated fragments only with FragmentError', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 30 }), (frags) => {
        const r = new Reassembler({ maxMessageSize: 256 });
        for (const f of frags) {
          try {
            const m = r.push(f);
            if (m !== undefined) expect(m.length).toBeGreaterThan(0);
          } catch (e) {
            expect(e).toBeInstanceOf(FragmentError);
          }
        }
      }),
    );
  });
});
