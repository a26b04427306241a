// Vitest configuration for the whole workspace (`npm test` runs `tsc -b` first, so packages that
// import another @keyrig package get its compiled dist/, exactly what users run).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{protocol,simulator,client,scenarios,bin}/{src,test}/**/*.test.ts', 'protocol/testkit/src/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Real noble/bleno, HTTP servers and child processes: isolate each file in its own process.
    pool: 'forks',
    // After the default summary: which tests were skipped (a missing socat, tshark or chromium) and
    // the one command that installs what they need. It adds lines only; failures stay failures.
    reporters: ['default', './bin/test/support/skippedTestsReporter.ts'],
  },
});
