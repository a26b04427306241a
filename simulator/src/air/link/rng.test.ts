import { describe, expect, it } from 'vitest';
import { SeededRandom } from './rng.js';
import { DEFAULT_PATH_LOSS, meanRssi, sampleRssi } from './pathLoss.js';
import { nextConnectionEvent, pduAirtimeMs, resolveTiming } from './timing.js';

describe('SeededRandom', () => {
  it('is a function of seed and keys only, not of draw order', () => {
    const a = new SeededRandom(7);
    const b = new SeededRandom(7);
    const x = a.unit('drop', 1, 2);
    b.unit('other');
    expect(b.unit('drop', 1, 2)).toBe(x);
    expect(new SeededRandom(8).unit('drop', 1, 2)).not.toBe(x);
  });

  it('is roughly uniform', () => {
    const r = new SeededRandom(1);
    let below = 0;
    for (let i = 0; i < 10_000; i++) if (r.unit('u', i) < 0.3) below++;
    expect(below / 10_000).toBeGreaterThan(0.27);
    expect(below / 10_000).toBeLessThan(0.33);
  });
});

describe('radio and timing model', () => {
  it('loses about 40 + 22·log10(d) dB', () => {
    expect(meanRssi(DEFAULT_PATH_LOSS, 0, 1)).toBeCloseTo(-40);
    expect(meanRssi(DEFAULT_PATH_LOSS, 0, 10)).toBeCloseTo(-62);
    expect(sampleRssi(-200, DEFAULT_PATH_LOSS, 0)).toBe(-127);
  });

  it('places connection events on the anchor grid', () => {
    expect(nextConnectionEvent(10, 7.5, 5)).toBe(10);
    expect(nextConnectionEvent(10, 7.5, 10)).toBe(10);
    expect(nextConnectionEvent(10, 7.5, 10.1)).toBe(17.5);
    expect(pduAirtimeMs(27)).toBeCloseTo(0.446);
  });

  it('refuses unknown profiles and impossible intervals', () => {
    expect(() => resolveTiming('warp' as never)).toThrow(/unknown timing/);
    expect(resolveTiming('fast')).toBeUndefined();
    expect(() => resolveTiming({ ...resolveTiming('floor')!, connectionIntervalMs: 1 })).toThrow(/7.5/);
  });
});
