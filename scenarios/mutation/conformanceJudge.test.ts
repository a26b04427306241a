/**
 * The conformance judge of the mutation run: what a firmware partner runs (`keyrig validate`),
 * against the reference emulated locks. A mutant of the lock's decision code is killed when any
 * conformance test fails on any lock type. One vitest test per conformance test and lock type, so
 * Stryker's per-test coverage runs only the tests that reach a mutant.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import {
  applicableTests,
  REFERENCE_CAPABILITIES,
  runConformance,
  startEmulatedTarget,
  type ConformanceLockType,
  type ConformanceTarget,
} from '@keyrig/scenarios';

const logger = pino({ level: 'silent' });

for (const lockType of ['door', 'elevator', 'amenity'] as const satisfies readonly ConformanceLockType[]) {
  describe(`${lockType} lock`, () => {
    let target: ConformanceTarget;
    beforeAll(async () => {
      target = await startEmulatedTarget({ logger, lockType });
    });
    afterAll(async () => target?.close());
    for (const test of applicableTests(REFERENCE_CAPABILITIES, lockType)) {
      it(test.id, async () => {
        const r = await runConformance({ target, capabilities: REFERENCE_CAPABILITIES, only: [test.id] });
        expect(r.results.filter((x) => x.status !== 'passed').map((x) => `${x.id}: ${x.detail}`)).toEqual([]);
      });
    }
  });
}
