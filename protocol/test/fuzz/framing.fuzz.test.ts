/**
 * FramedChannel (§3) under a hostile fragment stream: whatever came before, the receiver never
 * throws anything but reports FragmentErrors, never delivers a message above the max message
 * size, and after the garbage a genuine message from the peer still arrives intact
 * (resynchronisation, §3.3). The clock may jump between fragments (reassembly timeout).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FragmentError, Fragmenter, FramedChannel, ManualClock } from '../../src/index.js';

const RUNS = Number(process.env.KEYRIG_FUZZ_RUNS ?? 2000);

const fragment = fc.oneof(
  fc.uint8Array({ maxLength: 30 }),
  fc.uint8Array({ maxLength: 520 }),
  fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 0xffff }), fc.uint8Array({ maxLength: 40 })).map(([id, total, p]) => Uint8Array.of(id, 0, total & 0xff, total >> 8, ...p)),
  fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: 255 }), fc.uint8Array({ maxLength: 40 })).map(([id, i, p]) => Uint8Array.of(id, i, ...p)),
);
const step = fc.oneof({ weight: 5, arbitrary: fragment.map((f) => ({ f })) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 5000 }).map((ms) => ({ ms })) });

describe('FramedChannel under a hostile fragment stream', () => {
  it(`never throws, never oversizes, and resynchronises for the next genuine message (${RUNS} streams)`, () => {
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 30 }),
        fc.constantFrom(23, 185, 517),
        fc.integer({ min: 64, max: 2048 }),
        fc.uint8Array({ minLength: 1, maxLength: 600 }),
        (steps, mtu, max, genuine) => {
          const clock = new ManualClock(0);
          const messages: Uint8Array[] = [];
          let errors = 0;
          const rx = new FramedChannel({ mtu, maxMessageSize: max, clock, onMessage: (m) => messages.push(m), onError: (e) => (expect(e).toBeInstanceOf(FragmentError), errors++), sendFragment: () => {} });
          for (const s of steps) {
            if ('ms' in s) {
              clock.advance(s.ms);
              rx.checkTimeout();
            } else {
              rx.receive(s.f);
            }
          }
          for (const m of messages) expect(m.length).toBeLessThanOrEqual(max);
          // The peer now sends a genuine message; after at most one error (the stream was mid-garbage),
          // a resend arrives intact.
          const body = genuine.subarray(0, max);
          const tx = new Fragmenter({ mtu, maxMessageSize: max });
          const before = messages.length;
          for (let attempt = 0; attempt < 2 && messages.length === before; attempt++) {
            for (const f of tx.fragment(body)) rx.receive(f);
          }
          expect(messages.at(-1)).toEqual(body);
          expect(errors).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
