import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { activeStatusFlags, decodeStatusFlags, encodeStatusFlags, normalLockStatus } from './statusFlags.js';

describe('status flags (§1 byte [3])', () => {
  it('pins the bit assignments', () => {
    expect(encodeStatusFlags({ batteryLow: true })).toBe(0x01);
    expect(encodeStatusFlags({ clockUnset: true })).toBe(0x02);
    expect(encodeStatusFlags({ busy: true })).toBe(0x04);
    expect(encodeStatusFlags({ jammed: true })).toBe(0x08);
    expect(encodeStatusFlags({ lockout: true })).toBe(0x10);
    expect(encodeStatusFlags(normalLockStatus)).toBe(0);
  });

  it('ignores reserved bits', () => {
    expect(decodeStatusFlags(0xe0)).toEqual(normalLockStatus);
    expect(activeStatusFlags(decodeStatusFlags(0xe9))).toEqual(['batteryLow', 'jammed']);
  });

  it('round-trips every defined byte (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0x1f }), (b) => {
        expect(encodeStatusFlags(decodeStatusFlags(b))).toBe(b);
      }),
    );
  });
});
