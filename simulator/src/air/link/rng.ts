/**
 * The air's randomness: a counter-based generator. Each draw hashes (seed, what, which), so a
 * value does not depend on the order in which unrelated draws happened — two links, two
 * advertisers or two scanners never perturb each other, and a run is reproducible for a seed.
 */

/** 32-bit FNV-1a of a string, to turn names into hash input. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3 fmix32: a bijective avalanche of 32 bits. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class SeededRandom {
  readonly seed: number;
  constructor(seed: number) {
    this.seed = seed >>> 0;
  }

  /** A uniform draw in [0, 1) determined by the seed and the keys. */
  unit(...keys: readonly (number | string)[]): number {
    let h = fmix32(this.seed ^ 0x9e3779b9);
    for (const k of keys) {
      const v = typeof k === 'string' ? hashString(k) : k >>> 0;
      h = fmix32(h ^ fmix32(v + 0x7f4a7c15));
      // Mix in the high part of large counters too.
      if (typeof k === 'number' && k > 0xffffffff) h = fmix32(h ^ Math.floor(k / 0x100000000));
    }
    return h / 0x100000000;
  }

  /** A standard normal draw (Box–Muller) determined by the seed and the keys. */
  normal(...keys: readonly (number | string)[]): number {
    const u1 = Math.max(this.unit(...keys, 1), 1e-12);
    const u2 = this.unit(...keys, 2);
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** An integer in [0, n). */
  int(n: number, ...keys: readonly (number | string)[]): number {
    return Math.floor(this.unit(...keys) * n);
  }
}
