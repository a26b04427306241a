/**
 * Feature bits of the info characteristic (PROTOCOL.md §2, info bytes [4..7], u32 LE).
 */

/** Bit masks; unassigned bits are reserved: senders set them to 0, receivers ignore them. */
export const FeatureBit = {
  notify: 1 << 0,
  readPull: 1 << 1,
  floorSelect: 1 << 2,
  auditUpload: 1 << 3,
  timeSync: 1 << 4,
  blocklist: 1 << 5,
} as const;

export type FeatureName = keyof typeof FeatureBit;

/** Every defined feature, in bit order. */
export const featureNamesInOrder: readonly FeatureName[] = Object.keys(FeatureBit) as FeatureName[];

/** The u32 with the bits of the named features set. */
export function featureBits(features: Iterable<FeatureName>): number {
  let bits = 0;
  for (const f of features) bits |= FeatureBit[f];
  return bits >>> 0;
}

/** The defined features whose bits are set (reserved bits are ignored). */
export function featureNames(bits: number): FeatureName[] {
  return featureNamesInOrder.filter((f) => (bits & FeatureBit[f]) !== 0);
}

export function hasFeature(bits: number, feature: FeatureName): boolean {
  return (bits & FeatureBit[feature]) !== 0;
}
