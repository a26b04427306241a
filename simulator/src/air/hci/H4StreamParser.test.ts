import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { H4StreamParser } from './H4StreamParser.js';

const packets = [
  Buffer.from('01030c00', 'hex'), // Reset
  Buffer.from('040e0401030c00', 'hex'), // its Command Complete
  Buffer.from('024000070003000400120300', 'hex'), // ACL, 7 data bytes
];

describe('H4StreamParser', () => {
  it('cuts a stream into packets whatever the chunking', () => {
    const stream = Buffer.concat([packets[0]!, packets[1]!, packets[2]!]);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: stream.length }), { maxLength: 6 }), (cuts) => {
        const got: string[] = [];
        const p = new H4StreamParser({ packet: (x) => got.push(x.toString('hex')), garbage: () => expect.fail('garbage') });
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        let prev = 0;
        for (const c of [...points, stream.length]) {
          p.push(stream.subarray(prev, c));
          prev = c;
        }
        expect(got).toEqual([packets[0]!, packets[1]!, packets[2]!].map((x) => x.toString('hex')));
        expect(p.buffered).toBe(0);
      }),
    );
  });

  it('skips bytes that cannot start a packet and resynchronises', () => {
    const got: string[] = [];
    const garbage: number[] = [];
    const p = new H4StreamParser({ packet: (x) => got.push(x.toString('hex')), garbage: (b) => garbage.push(b.length) });
    p.push(Buffer.concat([Buffer.from('ff7f', 'hex'), packets[0]!]));
    expect(got).toEqual(['01030c00']);
    expect(garbage).toEqual([2]);
  });
});
