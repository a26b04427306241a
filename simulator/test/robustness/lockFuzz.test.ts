/**
 * The lock's GATT input path under fuzz (CI budget): hostile control-point writes through the
 * per-connection handler bleno feeds (LockConnection → FirmwareSession → LockSession →
 * LockFirmware), then one real BLE unlock on the virtual air by the very lock instance that was
 * fuzzed. The dedicated run (>= 1,000,000 writes) is `npm run fuzz` (bench/fuzz/, docs/ROBUSTNESS.md).
 */
import { describe, expect, it } from 'vitest';
import * as testkit from '@keyrig/testkit';
import { runLockFuzz } from '../../src/testing/index.js';
import { unlockOverAir } from './fuzz/unlockOverAir.js';

const INPUTS = Number(process.env.KEYRIG_FUZZ_LOCK_INPUTS ?? 40_000);
const SEED = Number(process.env.KEYRIG_FUZZ_SEED ?? Date.now() % 1_000_000);

describe('lock GATT input fuzz (CI budget)', () => {
  it(`${INPUTS} hostile writes: no crash, no hang, nothing granted; then the same lock unlocks for a valid phone over BLE`, async () => {
    const report = await runLockFuzz({ kit: testkit, inputs: INPUTS, seed: SEED });
    const summary = { seed: SEED, inputs: report.inputs, cases: report.cases, wallMs: report.wallMs, answers: report.answers, audited: report.audited };
    console.log(`lock fuzz: ${JSON.stringify(summary)}`);
    expect(report.failures, `seed ${SEED}: ${JSON.stringify(report.failures.slice(0, 3), (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v))}`).toEqual([]);
    expect(report.errorLogs).toEqual([]);
    expect(report.inputs).toBeGreaterThanOrEqual(INPUTS);
    expect(report.lock.firmware.status().counters.grants).toBe(0);
    expect(await unlockOverAir(report.lock)).toBe('GRANTED');
    expect(report.lock.firmware.status().counters.grants).toBe(1);
  }, 120_000);
});
