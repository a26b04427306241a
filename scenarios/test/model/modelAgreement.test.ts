/**
 * The npm-test budget of issue #16: a few dozen random whole-system histories (fixed seed) on the
 * real rig, every step outcome compared with the access model (scenarios/src/model/accessModel.ts).
 * The long runs are `keyrig run --model --histories N --seed S` (docs/SCENARIOS.md).
 */
import { describe, expect, it } from 'vitest';
import { predictHistory } from '../../src/model/accessModel.js';
import { checkModel, describeCounterexample } from '../../src/model/checkModel.js';
import { testLogger } from '../support.js';

const HISTORIES = 40;
const SEED = 1616;

describe('the rig agrees with the access model', () => {
  it(`on ${HISTORIES} random histories (seed ${SEED})`, async () => {
    const r = await checkModel({ histories: HISTORIES, seed: SEED, model: predictHistory, logger: testLogger });
    expect(r.counterexample ? describeCounterexample(r.counterexample) : 'no disagreement').toBe('no disagreement');
    expect(r.histories).toBe(HISTORIES);
    expect(r.attempts).toBeGreaterThan(HISTORIES);
  }, 120_000);
});
