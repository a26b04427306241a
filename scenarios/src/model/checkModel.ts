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
  /** Histories that disagreed (fast-check stops at the first and shrinks it): 0 or 1. */
  readonly disagreements: number;
  /** How often each outcome of an unlock / present step was reached (GRANTED, EXPIRED, …, NO_CREDENTIAL). */
  readonly resultCounts: Readonly<Record<string, number>>;
  /** How often each open / reload outcome was reached ('ok', 'offline', instant_key_expired, …). */
  readonly cloudCounts: Readonly<Record<string, number>>;
  readonly counterexample?: Counterexample;
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

export async function checkModel(o: CheckModelOptions): Promise<ModelCheckReport> {
  const t0 = performance.now();
  const resultCounts: Record<string, number> = {};
  const cloudCounts: Record<string, number> = {};
  let histories = 0;
  let attempts = 0;
  let shrinking = false;
  let last: Omit<Counterexample, 'path'> | undefined;
  const progress = () =>
    o.onProgress?.({ histories, of: o.histories, attempts, disagreements: shrinking ? 1 : 0, shrinking, elapsedMs: performance.now() - t0 });

  const property = fc.asyncProperty(historyArb, async (history) => {
    const predicted = o.model(history);
    let actual: StepOutcome[] = [];
    let error: string | undefined;
    let runAttempts = 0;
    try {
      const r = await runHistoryDetailed(history, { logger: o.logger, ...(o.airSeed !== undefined ? { seed: o.airSeed } : {}) });
      actual = r.outcomes;
      runAttempts = r.attempts;
    } catch (err) {
      error = (err as Error).stack ?? String(err);
    }
    const disagreements = error ? [] : compareOutcomes(history, predicted, actual);
    if (!shrinking) {
      histories++;
      attempts += runAttempts;
      history.steps.forEach((s, i) => {
        const a = actual[i];
        if (a === undefined || a === null) return;
        const counts = ATTEMPT_STEPS.has(s.do) ? resultCounts : s.do === 'open' || s.do === 'reload' ? cloudCounts : undefined;
        if (counts) counts[a] = (counts[a] ?? 0) + 1;
      });
    }
    const failed = error !== undefined || disagreements.length > 0;
    if (failed) {
      shrinking = true;
      last = { history, predicted, actual, disagreements, ...(error ? { error } : {}) };
    }
    progress();
    return !failed;
  });

  const details = await fc.check(property, { seed: o.seed, numRuns: o.histories, endOnFailure: false });
  const counterexample: Counterexample | undefined = details.failed && last ? { ...last, path: details.counterexamplePath ?? '' } : undefined;
  if (details.failed && !last) throw details.errorInstance ?? new Error('the property failed outside the comparison');
  const durationMs = performance.now() - t0;
  return {
    seed: o.seed,
    histories,
    attempts,
    disagreements: details.failed ? 1 : 0,
    resultCounts,
    cloudCounts,
    ...(counterexample ? { counterexample } : {}),
    shrinks: details.numShrinks,
    durationMs,
    msPerHistory: histories > 0 ? durationMs / histories : 0,
  };
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
