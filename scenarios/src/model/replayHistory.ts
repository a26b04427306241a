/**
 * Replays a history on a scenario's World and checks the model's expectations step by step:
 * what a counterexample scenario file (writeScenarioFile.ts) runs under `keyrig run`.
 */
import type { ScenarioDefinition } from '../dsl/scenario.js';
import type { World } from '../dsl/World.js';
import type { Prediction } from './checkModel.js';
import type { History } from './history.js';
import { HistoryRun, lockSetupsOf } from './HistoryRun.js';

/** Runs every step; each step with a predicted outcome is a check on the timeline (the first wrong one fails the scenario). */
export async function replayHistory(world: World, history: History, expected: readonly Prediction[]): Promise<void> {
  if (world.manualClock && world.clock.now() !== history.setup.start) throw new Error('the World must start at history.setup.start (use historyScenario)');
  const run = new HistoryRun(world, history.setup);
  for (const [i, step] of history.steps.entries()) {
    world.timeline.step(`step ${i}: ${JSON.stringify(step)}`);
    const actual = await run.step(step);
    const p = expected[i];
    if (p && p.outcome !== null) world.check(actual === p.outcome, `step ${i} (${step.do}) ends with ${p.outcome} — ${p.why}`, `got ${actual}`);
  }
}

/** A scenario that replays `history` in a World set up for it (start time, lock settings). */
export function historyScenario(title: string, history: History, expected: readonly Prediction[]): ScenarioDefinition {
  return { title, tags: ['model'], start: history.setup.start, locks: lockSetupsOf(history.setup), run: (world) => replayHistory(world, history, expected) };
}
