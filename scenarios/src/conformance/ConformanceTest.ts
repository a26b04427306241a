/**
 * A conformance test case. Ids follow the Bluetooth PTS style: KR/LOCK/<group>/<BV|BI>-<nn>-C —
 * BV a valid behaviour the lock must show, BI invalid input it must refuse, C a conformance test.
 */
import type { LockBehaviourInput } from '@keyrig/simulator';
import type { CapabilityStatement, Feature } from './capabilities.js';
import type { ConformanceContext } from './ConformanceContext.js';
import type { ConformanceLockType } from './ConformanceProvider.js';

export interface ConformanceTest {
  readonly id: string;
  readonly title: string;
  /** Lock types the test applies to (default: all). */
  readonly lockTypes?: readonly ConformanceLockType[];
  /** Features the lock must declare for the test to apply. */
  readonly features?: readonly Feature[];
  /** Further applicability from the capability statement. */
  readonly applies?: (caps: CapabilityStatement) => boolean;
  /**
   * A lock state the test needs that a phone cannot create (e.g. a drifted clock). The emulated
   * target starts the lock that way; on a real lock the test is skipped with `reason`.
   */
  readonly lockSetup?: { readonly behaviour?: LockBehaviourInput; readonly reason: string };
  readonly run: (ctx: ConformanceContext) => Promise<void>;
}

export const TEST_ID = /^KR\/LOCK\/[A-Z]+\/B[VI]-\d{2}-C$/;

/** Does the test apply to a lock of `type` with these capabilities? */
export function isApplicable(t: ConformanceTest, caps: CapabilityStatement, type: ConformanceLockType): boolean {
  if (!caps.lock_types.includes(type)) return false;
  if (t.lockTypes && !t.lockTypes.includes(type)) return false;
  if (t.features && !t.features.every((f) => caps.features[f])) return false;
  return t.applies ? t.applies(caps) : true;
}
