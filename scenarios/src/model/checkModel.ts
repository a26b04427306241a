/**
 * The property of issue #16: for random histories (arbitraries.ts), every step outcome the rig
 * returns (runHistory: real cloud, bleno locks, noble phones) equals the access model's
 * prediction (steps the model predicts null for are not compared). fast-check runs it with a
 * seed and numRuns; a disagreement shrinks to a minimal history, reported with both outcome
 * lists and the model's reasons (and written out as a scenario file by the caller).
 */
import fc from 'fast-check';
import type { Logger } from 'pino';
import { historyArb } from './arbitraries.js';
import type { History, StepOutcome } from './history.js';
import { runHistoryDetailed } from './runHistory.js';

/** What the model answers for one step. */
export interface Prediction {
  readonly outcome: StepOutcome;
  readonly why: string;
}

export type AccessModel = (history: History) => readonly Prediction[];

export interface ModelProgress {
  readonly histories: number;
  readonly of: number;
  readonly attempts: number;
  readonly disagreements: number;
  readonly shrinking: boolean;
  readonly elapsedMs: number;
}

export interface CheckModelOptions {
  readonly histories: number;
  readonly seed: number;
  readonly model: AccessModel;
  readonly logger: Logger;
  readonly onProgress?: (p: ModelProgress) => void;
  /** Air seed of every World (default 1). */
  readonly airSeed?: number;
  /** Lock fault profiles on every lock (the run must then disagree: a mutation check). */
  readonly lockFaults?: readonly string[];
  /**
   * Histories run at once in this process, each in its own World (default 1: the rig is CPU
   * bound, so more Worlds in one process do not go faster; use processes, see `shard`).
   */
  readonly concurrency?: number;
  /** Run only the histories i with i % total === index - 1 (1-based index: one of several processes). */
  readonly shard?: { readonly index: number; readonly total: number };
  /** Shrink a disagreement here (default true; a shard leaves it to whoever merges the shards). */
  readonly shrink?: boolean;
}

/** One step where rig and model differ. */
export interface StepDisagreement {
  readonly index: number;
  readonly step: History['steps'][number];
  readonly predicted: StepOutcome;
  readonly actual: StepOutcome;
  readonly why: string;
}

/** The minimal history fast-check shrank a disagreement to. */
export interface Counterexample {
  readonly history: History;
  readonly predicted: readonly Prediction[];
  /** The rig's outcomes (empty when the rig threw; see `error`). */
  readonly actual: readonly StepOutcome[];
  readonly disagreements: readonly StepDisagreement[];
  readonly error?: string;
  /** fast-check's replay path (with the seed: `fc.check(…, { seed, path })`). */
  readonly path: string;
}

export interface ModelCheckReport {
  readonly seed: number;
  /** Histories run before shrinking started (all of them when nothing disagreed). */
  readonly histories: number;
  /** Unlock and present steps among them. */
  readonly attempts: number;
  /** 1 when a history disagreed (no new history starts after the first; it is shrunk), else 0. */
  readonly disagreements: number;
  /** How often each outcome of an unlock / present step was reached (GRANTED, EXPIRED, …, NO_CREDENTIAL). */
  readonly resultCounts: Readonly<Record<string, number>>;
  /** How often each open / reload outcome was reached ('ok', 'offline', instant_key_expired, …). */
  readonly cloudCounts: Readonly<Record<string, number>>;
  readonly counterexample?: Counterexample;
  /** Index in fast-check's sequence of the (lowest) history that disagreed. */
  readonly failingIndex?: number;
  /** Shrink steps fast-check took. */
  readonly shrinks: number;
  readonly durationMs: number;
  readonly msPerHistory: number;
}

/** Compares outcomes step by step; steps the model predicts null for are not compared. */
export function compareOutcomes(history: History, predicted: readonly Prediction[], actual: readonly StepOutcome[]): StepDisagreement[] {
  if (predicted.length !== history.steps.length) throw new Error(`the model answered ${predicted.length} predictions for ${history.steps.length} steps`);
  const out: StepDisagreement[] = [];
  predicted.forEach((p, index) => {
    if (p.outcome === null || p.outcome === actual[index]) return;
    out.push({ index, step: history.steps[index]!, predicted: p.outcome, actual: actual[index] ?? null, why: p.why });
  });
  return out;
}

const ATTEMPT_STEPS = new Set(['unlock', 'present']);

/** One history on the rig against the model. */
async function judge(history: History, o: CheckModelOptions): Promise<{ result: Omit<Counterexample, 'path'>; attempts: number; failed: boolean }> {
  const predicted = o.model(history);
  let actual: StepOutcome[] = [];
  let error: string | undefined;
  let attempts = 0;
  try {
    const r = await runHistoryDetailed(history, { logger: o.logger, ...(o.airSeed !== undefined ? { seed: o.airSeed } : {}), ...(o.lockFaults ? { lockFaults: o.lockFaults } : {}) });
    actual = r.outcomes;
    attempts = r.attempts;
  } catch (err) {
    error = (err as Error).stack ?? String(err);
  }
  const disagreements = error ? [] : compareOutcomes(history, predicted, actual);
  return { result: { history, predicted, actual, disagreements, ...(error ? { error } : {}) }, attempts, failed: error !== undefined || disagreements.length > 0 };
}

/**
 * Runs `histories` random histories (fast-check, `seed`), `concurrency` Worlds at a time (each
 * history its own World: cloud, air, locks, phones). At the first disagreement no new history
 * starts; the lowest failing run is replayed by fast-check (`fc.check` with the seed and its
 * path) and shrunk to a minimal history. The histories are exactly fast-check's own sequence
 * for the seed, so `fc.check(property, { seed, path })` reproduces any run.
 */
export async function checkModel(o: CheckModelOptions): Promise<ModelCheckReport> {
  const t0 = performance.now();
  const resultCounts: Record<string, number> = {};
  const cloudCounts: Record<string, number> = {};
  let histories = 0;
  let attempts = 0;
  let shrinking = false;
  /** This run's share of the histories. */
  let of = o.histories;
  const progress = () =>
    o.onProgress?.({ histories, of, attempts, disagreements: shrinking ? 1 : 0, shrinking, elapsedMs: performance.now() - t0 });
  const count = (r: Omit<Counterexample, 'path'>, runAttempts: number) => {
    histories++;
    attempts += runAttempts;
    r.history.steps.forEach((s, i) => {
      const a = r.actual[i];
      if (a === undefined || a === null) return;
      const counts = ATTEMPT_STEPS.has(s.do) ? resultCounts : s.do === 'open' || s.do === 'reload' ? cloudCounts : undefined;
      if (counts) counts[a] = (counts[a] ?? 0) + 1;
    });
  };

  // Phase 1: fast-check's sequence of histories for the seed (this shard's share), `concurrency` Worlds at a time.
  const all = fc.sample(historyArb, { seed: o.seed, numRuns: o.histories });
  const mine = all.map((_, i) => i).filter((i) => !o.shard || i % o.shard.total === o.shard.index - 1);
  of = mine.length;
  let next = 0;
  const failures: { index: number; result: Omit<Counterexample, 'path'> }[] = [];
  const worker = async () => {
    while (failures.length === 0 && next < mine.length) {
      const index = mine[next++]!;
      const j = await judge(all[index]!, o);
      count(j.result, j.attempts);
      if (j.failed) failures.push({ index, result: j.result });
      progress();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, o.concurrency ?? 1) }, worker));
  const firstFailure = failures.sort((a, b) => a.index - b.index)[0];

  // Phase 2: fast-check replays the failing run from its path and shrinks it.
  let counterexample: Counterexample | undefined;
  let shrinks = 0;
  if (firstFailure && o.shrink === false) counterexample = { ...firstFailure.result, path: String(firstFailure.index) };
  else if (firstFailure) {
    shrinking = true;
    const s = await shrinkFrom(o, firstFailure.index, firstFailure.result, progress);
    counterexample = s.counterexample;
    shrinks = s.shrinks;
  }
  const durationMs = performance.now() - t0;
  return {
    seed: o.seed,
    histories,
    attempts,
    disagreements: firstFailure ? 1 : 0,
    resultCounts,
    cloudCounts,
    ...(counterexample ? { counterexample } : {}),
    ...(firstFailure ? { failingIndex: firstFailure.index } : {}),
    shrinks,
    durationMs,
    msPerHistory: histories > 0 ? durationMs / histories : 0,
  };
}

/**
 * fast-check replays run `index` of the seed's sequence (`fc.check` with its path) and shrinks
 * it to a minimal history. `original` is what that run did first: reported unshrunk, marked,
 * when the rig does not fail again on replay (a flaky run).
 */
export async function shrinkFrom(
  o: CheckModelOptions,
  index: number,
  original: Omit<Counterexample, 'path'>,
  onRun: () => void = () => undefined,
): Promise<{ counterexample: Counterexample; shrinks: number }> {
  let last: Omit<Counterexample, 'path'> | undefined;
  const property = fc.asyncProperty(historyArb, async (history) => {
    const j = await judge(history, o);
    if (j.failed) last = j.result;
    onRun();
    return !j.failed;
  });
  const details = await fc.check(property, { seed: o.seed, numRuns: o.histories, path: String(index), endOnFailure: false });
  if (details.failed && last) return { counterexample: { ...last, path: details.counterexamplePath ?? String(index) }, shrinks: details.numShrinks };
  const note = '(did not fail again on replay: not shrunk)';
  return { counterexample: { ...original, path: String(index), error: original.error ? `${original.error}\n${note}` : note }, shrinks: 0 };
}

/** A counterexample as text: the history, then each step with the model's and the rig's outcome. */
export function describeCounterexample(c: Counterexample): string {
  const lines = [`setup: ${JSON.stringify(c.history.setup)}`];
  if (c.error) lines.push(`the rig failed: ${c.error.split('\n')[0]}`);
  const bad = new Map(c.disagreements.map((d) => [d.index, d] as const));
  c.history.steps.forEach((s, i) => {
    const p = c.predicted[i];
    const mark = bad.has(i) ? '✗' : ' ';
    lines.push(`${mark} ${String(i).padStart(2)} ${JSON.stringify(s)}  model: ${p?.outcome ?? '-'}  rig: ${c.actual[i] ?? '-'}${bad.has(i) ? `  (model: ${p?.why})` : ''}`);
  });
  return lines.join('\n');
}
