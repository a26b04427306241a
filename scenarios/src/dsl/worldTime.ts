/** The scenario calendar: where simulated time starts, its units, and how a time jump reads. */

/** Monday 2026-06-01 13:00 UTC: 15:00 in Berlin, check-in time; the gym is open. */
export const SCENARIO_START = Date.UTC(2026, 5, 1, 13, 0, 0);
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** A duration as the timeline prints it ("1.5 h", "2 d", "300 ms"). */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs >= DAY) return `${+(ms / DAY).toFixed(2)} d`;
  if (abs >= HOUR) return `${+(ms / HOUR).toFixed(2)} h`;
  if (abs >= 60_000) return `${+(ms / 60_000).toFixed(1)} min`;
  return `${ms} ms`;
}
