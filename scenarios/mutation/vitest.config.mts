// The judge of `npm run mutation` (docs/CONFORMANCE.md "Mutation score"): Stryker mutates the
// lock's TypeScript sources, so this config resolves every @keyrig package to its src/ (npm test
// uses the compiled dist/ instead) and runs only the judge named by KEYRIG_MUTATION_JUDGE.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('../../', import.meta.url));
const src = (p: string) => `${root}${p}`;
const judge = process.env.KEYRIG_MUTATION_JUDGE === 'scenarios' ? 'scenarioJudge' : 'conformanceJudge';

export default defineConfig({
  root,
  resolve: {
    alias: [
      { find: /^@keyrig\/protocol$/, replacement: src('protocol/src/index.ts') },
      { find: /^@keyrig\/api$/, replacement: src('protocol/api/src/index.ts') },
      { find: /^@keyrig\/testkit$/, replacement: src('protocol/testkit/src/index.ts') },
      { find: /^@keyrig\/simulator$/, replacement: src('simulator/src/index.ts') },
      { find: /^@keyrig\/simulator\/testing$/, replacement: src('simulator/src/testing/index.ts') },
      { find: /^@keyrig\/client$/, replacement: src('client/src/index.ts') },
      { find: /^@keyrig\/scenarios$/, replacement: src('scenarios/src/index.ts') },
    ],
  },
  test: {
    include: [`scenarios/mutation/${judge}.test.ts`],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
