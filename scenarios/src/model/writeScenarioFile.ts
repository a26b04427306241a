/**
 * Writes a model counterexample as a scenario file: a .mjs module exporting a Suite (defineSuite
 * from '@keyrig/scenarios') whose one scenario replays the minimal history on the World and
 * checks the model's expectations. `keyrig run <file>` replays it. The file imports
 * '@keyrig/scenarios', so it must live where Node resolves that package (inside the keyrig
 * checkout, e.g. the default `model-counterexamples/`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Counterexample } from './checkModel.js';

/** The package the written module imports (this one; named apart so no import of it is read here). */
const SCENARIOS_PACKAGE = ['@keyrig', 'scenarios'].join('/');

/** The module text of a counterexample scenario. */
export function scenarioFileText(c: Counterexample, o: { seed: number; name?: string }): string {
  const name = o.name ?? `model-counterexample-${o.seed}`;
  const title = `model disagreement (seed ${o.seed}, path ${c.path}): ${c.disagreements.map((d) => `step ${d.index} ${d.step.do} model ${d.predicted} rig ${d.actual}`).join('; ') || (c.error?.split('\n')[0] ?? 'the rig failed')}`;
  const expected = c.predicted.map((p) => ({ outcome: p.outcome, why: p.why }));
  return [
    `// A minimal history on which the rig and the access model disagree (keyrig run --model, seed ${o.seed}).`,
    `// Replay: keyrig run <this file>. The rig's outcomes when it was written: ${JSON.stringify(c.actual)}`,
    `import { defineSuite, historyScenario } from '${SCENARIOS_PACKAGE}';`,
    ``,
    `export const history = ${JSON.stringify(c.history, null, 2)};`,
    ``,
    `/** The model's outcome (null: not compared) and reason for every step. */`,
    `export const expected = ${JSON.stringify(expected, null, 2)};`,
    ``,
    `export default defineSuite(${JSON.stringify(name)}, ${JSON.stringify('Model counterexample')}, [historyScenario(${JSON.stringify(title.slice(0, 300))}, history, expected)]);`,
    ``,
  ].join('\n');
}

/** Writes the scenario file into `dir` (created); returns its path. */
export function writeScenarioFile(dir: string, c: Counterexample, o: { seed: number }): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `model-counterexample-seed-${o.seed}.mjs`);
  writeFileSync(file, scenarioFileText(c, o));
  return file;
}
