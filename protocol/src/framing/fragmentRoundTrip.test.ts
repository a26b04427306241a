/** Property: any messages, cut at any of the common MTUs, come back byte for byte (§3). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { DEFAULT_MAX_MESSAGE_SIZE, maxMessageSizeForMtu } from './constants.js';
import { Fragmenter } from './Fragmenter.js';
import { Reassembler } from './Reassembler.js';

const MTUS = [23, 185, 247, 517] as const;

describe('fragment round trip (property)', () => {
  for (const mtu of MTUS) {
    it(`round-trips random messages up to ${DEFAULT_MAX_MESSAGE_SIZE} bytes at ATT_MTU ${mtu}`, () => {
      const messages = fc.array(fc.uint8Array({ minLength: 1, maxLength: DEFAULT_MAX_MESSAGE_SIZE }), {
        minLength: 1,
        maxLength: 4,
      });
      fc.assert(
        fc.property(messages, (msgs) => {
          const f = new Fragmenter({ mtu });
          const r = new Reassembler({ clock: new ManualClock() });
          const out: Uint8Array[] = [];
          for (const m of msgs) {
            const frags = f.fragment(m);
            for (const frag of frags) {
              expect(frag.length).toBeLessThanOrEqual(Math.min(mtu - 3, 512));
              const done = r.push(frag);
              if (done !== undefined) out.push(done);
            }
          }
          expect(out).toEqual(msgs);
          expect(r.inProgress).toBe(false);
        }),
        { numRuns: 150 },
      );
    });
  }

  it('keeps working across message id wrap-around (300 messages)', () => {
    const f = new Fragmenter({ mtu: 23 });
    const r = new Reassembler();
    for (let i = 0; i < 300; i++) {
      const m = Uint8Array.from({ length: 1 + (i % 50) }, (_, j) => (i + j) & 0xff);
      let done: Uint8Array | undefined;
      for (const frag of f.fragment(m)) done = r.push(frag);
      expect(done).toEqual(m);
    }
  });

  it('round-trips the largest message at each MTU for the largest max message size', () => {
    for (const mtu of MTUS) {
      const size = Math.min(0xffff, maxMessageSizeForMtu(mtu));
      const m = Uint8Array.from({ length: size }, (_, i) => (i * 31) & 0xff);
      const f = new Fragmenter({ mtu, maxMessageSize: 0xffff });
      const r = new Reassembler({ maxMessageSize: 0xffff });
      let done: Uint8Array | undefined;
      for (const frag of f.fragment(m)) done = r.push(frag);
      expect(done).toEqual(m);
    }
  });
});
