// `npm run mutation` (docs/CONFORMANCE.md "Mutation score", issue #22): Stryker mutates the code a
// lock runs to decide, and the conformance suite against the reference emulated locks judges each
// mutant. KEYRIG_MUTATION_JUDGE=scenarios makes the shipped scenario suites the judge instead.
const judge = process.env.KEYRIG_MUTATION_JUDGE === 'scenarios' ? 'scenarios' : 'conformance';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'scenarios/mutation/vitest.config.mts', related: false },
  coverageAnalysis: 'perTest',
  mutate: [
    // The lock's firmware: decisions, access rules, opening hours, session, state.
    'simulator/src/lock/*.ts',
    'simulator/src/lock/session/*.ts',
    // The protocol code a lock runs.
    'protocol/src/access/*.ts',
    'protocol/src/blobs/*.ts',
    'protocol/src/credential/*.ts',
    'protocol/src/audit/*.ts',
    'protocol/src/session/LockSession.ts',
    'protocol/src/session/LockChecks.ts',
    // Not decision code: fault injection (the bugs the suite is meant to find), wiring, barrels.
    '!**/*.test.ts',
    '!**/index.ts',
    '!simulator/src/lock/faults.ts',
    '!simulator/src/lock/session/faultyLockChecks.ts',
    '!simulator/src/lock/startLock.ts',
  ],
  ignorePatterns: ['dist', '/model-counterexamples', '/docs', '/.artifacts', '/reports', '/bench'],
  concurrency: Number(process.env.KEYRIG_MUTATION_CONCURRENCY ?? 2),
  timeoutMS: 20_000,
  timeoutFactor: 2,
  incremental: true,
  incrementalFile: `reports/mutation/${judge}/stryker-incremental.json`,
  reporters: ['html', 'json', 'clear-text', 'progress'],
  htmlReporter: { fileName: `reports/mutation/${judge}/index.html` },
  jsonReporter: { fileName: `reports/mutation/${judge}/mutation.json` },
  thresholds: { high: 90, low: 85, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
