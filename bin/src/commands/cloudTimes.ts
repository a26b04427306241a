/**
 * Times for `keyrig cloud grant --from/--until` (README, docs/CLOUD.md "Issuing keys from the
 * command line"): ISO 8601 with a time zone, `now`, or relative to now: `+30m`, `+2h`, `+3d`, `+1w`.
 */
import { UsageError } from '../command/UsageError.js';

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Epoch ms of `text`, relative times counted from `now`; a UsageError naming the flag otherwise. */
export function parseWhen(flag: string, text: string, now: number): number {
  const t = text.trim();
  if (t === 'now') return now;
  const rel = /^\+(\d{1,6})([mhdw])$/.exec(t);
  if (rel) return now + Number(rel[1]) * UNIT_MS[rel[2]!]!;
  if (ISO_WITH_ZONE.test(t)) {
    const ms = Date.parse(t);
    if (!Number.isNaN(ms)) return ms;
  }
  throw new UsageError(
    `${flag} "${text.slice(0, 60)}" is not a time: use ISO 8601 with a time zone (2026-06-01T15:00:00Z, 2026-06-01T17:00+02:00), now, or relative (+30m, +2h, +3d, +1w)`,
  );
}

/** The stay's window: both times parsed, `--until` strictly after `--from`. */
export function parseWindow(from: string, until: string, now: number): { startsAt: number; endsAt: number } {
  const startsAt = parseWhen('--from', from, now);
  const endsAt = parseWhen('--until', until, now);
  if (endsAt <= startsAt) throw new UsageError(`--until (${new Date(endsAt).toISOString()}) must be after --from (${new Date(startsAt).toISOString()})`);
  return { startsAt, endsAt };
}
