/**
 * The property machinery, with models whose answers are known by construction (test doubles
 * for the comparison, not for the rig — the rig is real): a model that predicts nothing agrees
 * with every history; a model that is wrong about every unlock is caught, shrunk to a minimal
 * history (the fixed stay prefix and one unlock, give or take a step), and its scenario file replays under the
 * runner — failing with the model's wrong expectation, passing once the expectation is right.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { checkModel, compareOutcomes, type AccessModel } from '../../src/model/checkModel.js';
import { berlinDstChanges, historyArb } from '../../src/model/arbitraries.js';
import { ENTRANCE_KEYS, type History } from '../../src/model/history.js';
import { scenarioFileText, writeScenarioFile } from '../../src/model/writeScenarioFile.js';
import { loadSuites } from '../../src/runner/loadSuites.js';
import { runSuites } from '../../src/runner/runSuites.js';
import { selectScenarios } from '../../src/runner/selectScenarios.js';
import { testLogger } from '../support.js';

/** Inside the checkout, so the written module resolves '@keyrig/scenarios'. */
const OUT = mkdtempSync(join(fileURLToPath(new URL('.', import.meta.url)), '.out-'));
afterAll(() => rmSync(OUT, { recursive: true, force: true }));

const silent: AccessModel = (h) => h.steps.map(() => ({ outcome: null, why: 'not predicted' }));
const wrongAboutUnlocks: AccessModel = (h) => h.steps.map((s) => ({ outcome: s.do === 'unlock' ? 'NEVER_A_RESULT' : null, why: 'every unlock is NEVER_A_RESULT (a wrong model)' }));

describe('generated histories', () => {
  it('are valid: 5–25 steps, every handle introduced before use, floors only at the elevator', () => {
    for (const h of fc.sample(historyArb, { seed: 7, numRuns: 300 })) {
      expect(h.steps.length).toBeGreaterThanOrEqual(5);
      expect(h.steps.length).toBeLessThanOrEqual(25);
      const known = new Set<string>();
      for (const s of h.steps) {
        const introduces = s.do === 'guest' ? s.guest : s.do === 'grant' ? s.grant : s.do === 'instantKey' ? s.key : s.do === 'phone' ? s.phone : undefined;
        const uses = [
          'guest' in s && s.do !== 'guest' ? s.guest : undefined,
          'grant' in s && s.do !== 'grant' ? s.grant : undefined,
          'key' in s && s.do !== 'instantKey' ? s.key : undefined,
          'phone' in s && s.do !== 'phone' ? s.phone : undefined,
        ].filter((x): x is string => x !== undefined);
        for (const u of uses) expect(known.has(u), `${u} used before introduced in ${JSON.stringify(h.steps)}`).toBe(true);
        if (introduces) known.add(introduces);
        if (s.do === 'unlock' && s.floors) expect(s.entrance).toBe('elevator');
        if (s.do === 'present') expect(s.document).not.toBe(s.entrance);
      }
      expect(Object.keys(h.setup.locks).sort()).toEqual([...ENTRANCE_KEYS].sort());
    }
  });
});

describe('berlinDstChanges', () => {
  it('is the last Sunday of March and of October at 01:00 UTC (calendar dates by hand)', () => {
    expect(berlinDstChanges(2026).map((t) => new Date(t).toISOString())).toEqual(['2026-03-29T01:00:00.000Z', '2026-10-25T01:00:00.000Z']);
    expect(berlinDstChanges(2027).map((t) => new Date(t).toISOString())).toEqual(['2027-03-28T01:00:00.000Z', '2027-10-31T01:00:00.000Z']);
  });
});

describe('compareOutcomes', () => {
  const h: History = { setup: { start: 0, locks: {} as History['setup']['locks'] }, steps: [{ do: 'travel', ms: 1 }, { do: 'travel', ms: 2 }] };
  it('ignores steps the model predicts null for and reports the others that differ', () => {
    expect(compareOutcomes(h, [{ outcome: null, why: '' }, { outcome: 'GRANTED', why: 'w' }], ['x', 'GRANTED'])).toEqual([]);
    expect(compareOutcomes(h, [{ outcome: 'ok', why: 'w' }, { outcome: null, why: '' }], ['offline', null])).toEqual([{ index: 0, step: h.steps[0], predicted: 'ok', actual: 'offline', why: 'w' }]);
  });
  it('refuses a model that answers for another number of steps', () => {
    expect(() => compareOutcomes(h, [{ outcome: null, why: '' }], [null, null])).toThrow(/1 predictions for 2 steps/);
  });
});

describe('checkModel on the real rig', () => {
  it('a model that predicts nothing agrees; result codes reached are counted', async () => {
    const r = await checkModel({ histories: 8, seed: 3, model: silent, logger: testLogger });
    expect(r).toMatchObject({ histories: 8, disagreements: 0 });
    expect(r.counterexample).toBeUndefined();
    const attempts = Object.values(r.resultCounts).reduce((a, b) => a + b, 0);
    expect(attempts).toBe(r.attempts);
    expect(attempts).toBeGreaterThan(0);
  }, 60_000);

  it('a wrong model is caught, shrunk to the stay prefix and one unlock, and its scenario file replays', async () => {
    const r = await checkModel({ histories: 10, seed: 5, model: wrongAboutUnlocks, logger: testLogger });
    expect(r.disagreements).toBe(1);
    const c = r.counterexample!;
    expect(c.history.steps.filter((s) => s.do === 'unlock')).toHaveLength(1);
    // The stay prefix (5 steps) and the unlock; fast-check's shrinking may leave a step or two beside them.
    expect(r.shrinks).toBeGreaterThan(0);
    expect(c.history.steps.length, JSON.stringify(c.history.steps)).toBeLessThanOrEqual(8);
    expect(c.disagreements).toHaveLength(1);
    expect(c.disagreements[0]).toMatchObject({ predicted: 'NEVER_A_RESULT', why: 'every unlock is NEVER_A_RESULT (a wrong model)' });

    // The file fails under the runner with the model's expectation…
    const file = writeScenarioFile(OUT, c, { seed: 5 });
    expect(readFileSync(file, 'utf8')).toContain("from '@keyrig/scenarios'");
    const failing = await runSuites(selectScenarios(await loadSuites([file]), {}), { logger: testLogger });
    expect(failing.totals).toMatchObject({ total: 1, failed: 1 });
    expect(failing.results[0]!.attempts.at(-1)!.message).toMatch(/ends with NEVER_A_RESULT.*got /);

    // …and passes when the expectation is what the rig does (the replay reproduces the run).
    const right = { ...c, name: 'x', predicted: c.actual.map((a) => ({ outcome: a, why: 'what the rig did' })) };
    const fixedFile = join(OUT, 'fixed.mjs');
    (await import('node:fs')).writeFileSync(fixedFile, scenarioFileText(right, { seed: 5, name: 'model-fixed' }));
    const passing = await runSuites(selectScenarios(await loadSuites([fixedFile]), {}), { logger: testLogger });
    expect(passing.totals, passing.results[0]?.attempts.at(-1)?.message).toMatchObject({ total: 1, passed: 1 });
  }, 120_000);
});
