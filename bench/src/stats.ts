/** Small statistics for repeated runs: median and spread, and a seeded unit draw. */

export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** (max - min) / median: the relative spread of the repeats. */
  readonly spread: number;
  readonly runs: readonly number[];
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return Number.NaN;
  return n % 2 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
}

export function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

export function summarize(runs: readonly number[]): Summary {
  const m = median(runs);
  const min = Math.min(...runs);
  const max = Math.max(...runs);
  return { median: round(m), min: round(min), max: round(max), spread: round(m === 0 ? 0 : (max - min) / m, 3), runs: runs.map((r) => round(r)) };
}

/** Rounds to `digits` significant decimals for the JSON (keeps integers large numbers exact enough). */
export function round(x: number, digits = 4): number {
  if (!Number.isFinite(x)) return x;
  const mag = Math.abs(x) >= 1 ? Math.max(0, digits - Math.floor(Math.log10(Math.abs(x))) - 1) : digits + 2;
  const f = 10 ** Math.min(mag, 8);
  return Math.round(x * f) / f;
}

/** A deterministic draw in [0, 1) from a seed and a label (FNV-1a then a splitmix-style finaliser). */
export function seededUnit(seed: number, label: string): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return (h >>> 0) / 2 ** 32;
}
