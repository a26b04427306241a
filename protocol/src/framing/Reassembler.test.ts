import { describe, expect, it } from 'vitest';
import { fromHex } from '../bytes.js';
import { ManualClock } from '../clock.js';
import { FragmentError, type FragmentErrorReason } from './FragmentError.js';
import { Fragmenter } from './Fragmenter.js';
import { Reassembler } from './Reassembler.js';

const seq = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7) & 0xff);

function reasonOf(fn: () => unknown): FragmentErrorReason {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(FragmentError);
    return (e as FragmentError).reason;
  }
  throw new Error('expected a FragmentError');
}

describe('Reassembler (§3)', () => {
  it('rebuilds a multi-fragment message and a following single-fragment one', () => {
    const f = new Fragmenter({ mtu: 23 });
    const r = new Reassembler();
    const [a, b, c] = f.fragment(seq(40));
    expect(r.push(a!)).toBeUndefined();
    expect(r.inProgress).toBe(true);
    expect(r.push(b!)).toBeUndefined();
    expect(r.push(c!)).toEqual(seq(40));
    expect(r.push(f.fragment(seq(3))[0]!)).toEqual(seq(3));
  });

  it('reports each §3 error with its reason and recovers on the next message', () => {
    const f = new Fragmenter({ mtu: 23 });
    const frags = f.fragment(seq(60)); // 4 fragments, id 0
    let r = new Reassembler();
    r.push(frags[0]!);
    expect(reasonOf(() => r.push(frags[2]!))).toBe('gap');
    expect(r.inProgress).toBe(false);

    r = new Reassembler();
    r.push(frags[0]!);
    r.push(frags[1]!);
    expect(reasonOf(() => r.push(frags[1]!))).toBe('duplicate');

    r = new Reassembler();
    r.push(frags[0]!);
    expect(reasonOf(() => r.push(frags[0]!))).toBe('duplicate');

    r = new Reassembler();
    r.push(frags[0]!);
    expect(reasonOf(() => r.push(fromHex('0101aabb')))).toBe('interleaved');

    r = new Reassembler();
    expect(reasonOf(() => r.push(frags[1]!))).toBe('no-first-fragment');

    r = new Reassembler();
    expect(reasonOf(() => r.push(fromHex('00')))).toBe('too-short');
    expect(reasonOf(() => r.push(fromHex('000001')))).toBe('too-short');
    expect(reasonOf(() => r.push(fromHex('00000000')))).toBe('too-short');

    r = new Reassembler({ maxMessageSize: 100 });
    expect(reasonOf(() => r.push(fromHex('00006500')))).toBe('overlong'); // declares 101 > 100
    expect(reasonOf(() => r.push(fromHex('00000200aabbcc')))).toBe('overlong'); // 3 bytes for 2
    r.push(fromHex('00000300aabb'));
    expect(reasonOf(() => r.push(fromHex('0001ccdd')))).toBe('overlong'); // 4 bytes for 3

    // after an error the next message resynchronises, whatever its id
    expect(r.push(fromHex('2a000100ee'))).toEqual(fromHex('ee'));
    expect(r.push(fromHex('2b000100ef'))).toEqual(fromHex('ef'));
  });

  it('expects message id 0 first and then +1 per message (whole-message loss or repeat)', () => {
    const f = new Fragmenter();
    const m0 = f.fragment(seq(5))[0]!;
    const m1 = f.fragment(seq(6))[0]!;
    const m2 = f.fragment(seq(7))[0]!;
    let r = new Reassembler();
    expect(reasonOf(() => r.push(m1))).toBe('gap');
    r = new Reassembler();
    r.push(m0);
    expect(reasonOf(() => r.push(m0))).toBe('duplicate');
    r = new Reassembler();
    r.push(m0);
    expect(reasonOf(() => r.push(m2))).toBe('gap');
    r.reset();
    expect(r.push(m0)).toEqual(seq(5));
  });

  it('times out after 2000 ms of silence, on push and on checkTimeout', () => {
    const clock = new ManualClock();
    const frags = new Fragmenter({ mtu: 23 }).fragment(seq(60));
    let r = new Reassembler({ clock });
    r.push(frags[0]!);
    clock.advance(2000);
    r.checkTimeout(); // exactly 2000 ms is still in time
    r.push(frags[1]!);
    clock.advance(2001);
    expect(reasonOf(() => r.checkTimeout())).toBe('timeout');
    expect(r.inProgress).toBe(false);

    r = new Reassembler({ clock, timeoutMs: 500 });
    r.push(frags[0]!);
    clock.advance(501);
    expect(reasonOf(() => r.push(frags[1]!))).toBe('timeout');
    r.checkTimeout(); // nothing in progress: no error
  });

  it('carries message id and fragment index on the error', () => {
    const r = new Reassembler();
    expect(() => r.push(fromHex('0003aa'))).toThrow(
      expect.objectContaining({ code: 'fragment', reason: 'no-first-fragment', messageId: 0, fragmentIndex: 3 }),
    );
  });
});
