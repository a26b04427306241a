import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../bytes.js';
import { MalformedMessageError } from '../errors.js';
import { featureBits } from './features.js';
import { decodeLockInfo, encodeLockInfo, type LockInfo } from './lockInfo.js';
import { LockType } from './LockType.js';

const sample: LockInfo = {
  minVersion: 1,
  maxVersion: 1,
  maxMessageSize: 2048,
  features: featureBits(['notify', 'readPull', 'floorSelect']),
  lockType: LockType.elevator,
  lockId: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
};

describe('lock info (§2)', () => {
  it('pins a binary vector', () => {
    const hex = '01' + '01' + '0008' + '07000000' + '02' + '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
    expect(toHex(encodeLockInfo(sample))).toBe(hex);
    expect(decodeLockInfo(fromHex(hex))).toEqual(sample);
  });

  it('ignores trailing bytes from a later version', () => {
    const bytes = new Uint8Array(30);
    bytes.set(encodeLockInfo(sample));
    expect(decodeLockInfo(bytes)).toEqual(sample);
  });

  it('refuses short values and out-of-range fields, naming the field', () => {
    expect(() => decodeLockInfo(new Uint8Array(24))).toThrow(/24 bytes, expected at least 25/);
    const bad = encodeLockInfo(sample);
    bad[8] = 9;
    expect(() => decodeLockInfo(bad)).toThrow(/unknown lock type 9/);
    const zeroVersion = encodeLockInfo(sample);
    zeroVersion[0] = 0;
    expect(() => decodeLockInfo(zeroVersion)).toThrow(/min version 0/);
    expect(() => encodeLockInfo({ ...sample, minVersion: 2, maxVersion: 1 })).toThrow(/max version 1/);
    expect(() => encodeLockInfo({ ...sample, maxMessageSize: 10 })).toThrow(/max message size 10/);
    expect(() => encodeLockInfo({ ...sample, lockId: 'nope' })).toThrow(MalformedMessageError);
  });

  it('round-trips (property)', () => {
    const info = fc
      .record({
        minVersion: fc.integer({ min: 1, max: 255 }),
        span: fc.integer({ min: 0, max: 254 }),
        maxMessageSize: fc.integer({ min: 64, max: 0xffff }),
        features: fc.integer({ min: 0, max: 0xffff_ffff }),
        lockType: fc.constantFrom(LockType.door, LockType.elevator, LockType.amenity),
        lockId: fc.uuid(),
      })
      .map(({ span, ...r }) => ({ ...r, maxVersion: Math.min(255, r.minVersion + span) }));
    fc.assert(
      fc.property(info, (i) => {
        expect(decodeLockInfo(encodeLockInfo(i))).toEqual(i);
      }),
    );
  });

  it('decodes or refuses any 25 random bytes, never crashing (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 25, maxLength: 25 }), (b) => {
        try {
          expect(encodeLockInfo(decodeLockInfo(b))).toEqual(b);
        } catch (e) {
          expect(e).toBeInstanceOf(MalformedMessageError);
        }
      }),
    );
  });
});
