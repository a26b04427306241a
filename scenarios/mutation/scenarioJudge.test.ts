/**
 * The QA judge of the mutation run (`npm run mutation:scenarios`): every shipped scenario suite on
 * the emulated target, one vitest test per scenario, so a mutant is killed when any scenario a QA
 * team ships would fail on it. docs/CONFORMANCE.md "Mutation score" compares it with the
 * conformance judge.
 */
import { expect, it } from 'vitest';
import pino from 'pino';
import { runSuites, selectScenarios, SHIPPED_SUITES } from '@keyrig/scenarios';

const logger = pino({ level: 'silent' });

for (const scenario of selectScenarios(SHIPPED_SUITES)) {
  it(scenario.id, async () => {
    const report = await runSuites([scenario], { logger });
    const bad = report.results.filter((r) => r.status !== 'passed').map((r) => `${r.id}: ${r.status} ${r.attempts.at(-1)?.message ?? ''}`);
    expect(bad).toEqual([]);
  }, 120_000);
}
