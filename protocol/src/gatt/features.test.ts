import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { featureBits, featureNames, featureNamesInOrder, hasFeature } from './features.js';

describe('feature bits (§2 info [4..7])', () => {
  it('pins the bit assignments', () => {
    expect(featureBits(['notify'])).toBe(0x01);
    expect(featureBits(['readPull'])).toBe(0x02);
    expect(featureBits(['floorSelect'])).toBe(0x04);
    expect(featureBits(['auditUpload'])).toBe(0x08);
    expect(featureBits(['timeSync'])).toBe(0x10);
    expect(featureBits(['blocklist'])).toBe(0x20);
    expect(featureBits(featureNamesInOrder)).toBe(0x3f);
  });

  it('ignores reserved bits when naming', () => {
    expect(featureNames(0x8000_0003)).toEqual(['notify', 'readPull']);
    expect(hasFeature(0x04, 'floorSelect')).toBe(true);
    expect(hasFeature(0x04, 'notify')).toBe(false);
  });

  it('round-trips any subset (property)', () => {
    fc.assert(
      fc.property(fc.subarray([...featureNamesInOrder]), (subset) => {
        expect(featureNames(featureBits(subset))).toEqual(subset);
      }),
    );
  });
});
