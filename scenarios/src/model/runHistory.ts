/**
 * Runs a whole history against the real system: a World (cloud over HTTP, bleno locks and noble
 * phones on the fast virtual air) started at `history.setup.start` with the history's lock
 * settings, each step executed by HistoryRun. Returns one outcome per step (history.ts).
 */
import type { Logger } from 'pino';
import { World } from '../dsl/World.js';
import type { History, StepOutcome } from './history.js';
import { HistoryRun, lockSetupsOf } from './HistoryRun.js';

export interface RunHistoryOptions {
  readonly logger: Logger;
  /** Seed of the air's randomness (default 1). */
  readonly seed?: number;
  /** Called after each step (progress, traces). */
  readonly onStep?: (index: number, outcome: StepOutcome) => void;
  /** Lock firmware fault profiles (docs/LOCK.md) on every lock: a check that the histories catch them. */
  readonly lockFaults?: readonly string[];
}

export interface HistoryRunResult {
  readonly outcomes: StepOutcome[];
  /** Unlock and present steps executed. */
  readonly attempts: number;
}

/** Starts a World for the history, runs every step, closes the World. */
export async function runHistoryDetailed(history: History, o: RunHistoryOptions): Promise<HistoryRunResult> {
  const world = await World.start({ logger: o.logger, start: history.setup.start, locks: lockSetupsOf(history.setup, o.lockFaults), ...(o.seed !== undefined ? { seed: o.seed } : {}) });
  try {
    const run = new HistoryRun(world, history.setup, o.lockFaults);
    const outcomes: StepOutcome[] = [];
    for (const [i, step] of history.steps.entries()) {
      const outcome = await run.step(step);
      outcomes.push(outcome);
      o.onStep?.(i, outcome);
    }
    return { outcomes, attempts: run.attempts };
  } finally {
    await world.close();
  }
}

/** The outcome of every step of `history` on the real system. */
export async function runHistory(history: History, o: RunHistoryOptions): Promise<StepOutcome[]> {
  return (await runHistoryDetailed(history, o)).outcomes;
}
