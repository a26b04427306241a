/** `--from` / `--until` of `keyrig cloud grant` (docs/CLOUD.md "Issuing keys from the command line"), against hand-computed instants. */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../command/UsageError.js';
import { parseWhen, parseWindow } from './cloudTimes.js';

const NOW = Date.UTC(2026, 5, 1, 12, 0, 0); // 2026-06-01 12:00 UTC

describe('grant times', () => {
  it('reads ISO 8601 with a zone, now, and +m/h/d/w from now', () => {
    expect(parseWhen('--from', 'now', NOW)).toBe(NOW);
    expect(parseWhen('--from', '+30m', NOW)).toBe(Date.UTC(2026, 5, 1, 12, 30));
    expect(parseWhen('--from', '+2h', NOW)).toBe(Date.UTC(2026, 5, 1, 14, 0));
    expect(parseWhen('--until', '+3d', NOW)).toBe(Date.UTC(2026, 5, 4, 12, 0));
    expect(parseWhen('--until', '+1w', NOW)).toBe(Date.UTC(2026, 5, 8, 12, 0));
    expect(parseWhen('--from', '2026-06-01T17:00+02:00', NOW)).toBe(Date.UTC(2026, 5, 1, 15, 0));
    expect(parseWhen('--from', '2026-12-24T18:30:00Z', NOW)).toBe(Date.UTC(2026, 11, 24, 18, 30));
  });

  it('refuses anything else with a UsageError naming the flag and the accepted forms', () => {
    for (const bad of ['tomorrow', '2026-06-01', '2026-06-01T15:00', '-2h', '+2x', '+h', '', '2026-13-01T00:00Z']) {
      expect(() => parseWhen('--until', bad, NOW), bad).toThrow(UsageError);
      expect(() => parseWhen('--until', bad, NOW), bad).toThrow(/^--until ".*" is not a time: use ISO 8601 with a time zone .* now, or relative \(\+30m, \+2h, \+3d, \+1w\)$/);
    }
  });

  it('wants --until after --from', () => {
    expect(parseWindow('now', '+1d', NOW)).toEqual({ startsAt: NOW, endsAt: NOW + 86_400_000 });
    expect(() => parseWindow('+1d', '+1d', NOW)).toThrow(/--until \(2026-06-02T12:00:00.000Z\) must be after --from \(2026-06-02T12:00:00.000Z\)/);
    expect(() => parseWindow('+2d', 'now', NOW)).toThrow(UsageError);
  });
});
