/**
 * `keyrig run --model`: random whole-system histories (scenarios/src/model) run against the real
 * cloud, bleno locks and noble phones on the fast air, every step outcome compared with the
 * access model (docs/SCENARIOS.md "Model-based histories"). A disagreement shrinks to a minimal
 * history, printed and written to --out as a scenario file that `keyrig run <file>` replays.
 * Progress on stderr; --json prints the report on stdout. Exit 0 agreed, 3 a disagreement.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkModel, describeCounterexample, loadAccessModel, writeScenarioFile, type AccessModel, type ModelCheckReport, type ModelProgress, type Shard } from '@keyrig/scenarios';
import type { Logger } from 'pino';
import { FAULT_PROFILES, isFaultName } from '@keyrig/simulator';
import { ExitCode, type ExitCodeValue } from '../exitCodes.js';
import type { CommandIo } from '../command/CommandIo.js';
import { UsageError } from '../command/UsageError.js';
import { checkModelInWorkers } from './runModelWorkers.js';

export interface RunModelOptions {
  readonly histories?: number;
  readonly seed?: number;
  readonly out?: string;
  readonly json?: boolean;
  readonly quiet?: boolean;
  /** Child processes, each running a shard (default 1: this process). */
  readonly workers?: number;
  /** Run one shard only, without shrinking (what a worker does). */
  readonly shard?: Shard;
  /** A module exporting predictHistory(history) instead of the built-in access model. */
  readonly modelModule?: string;
  /** Lock firmware fault profiles on every lock: the run must then find a disagreement. */
  readonly lockFault?: readonly string[];
}

/** The model: injected (tests), a module given with --model-module, or the built-in one. */
async function resolveModel(opts: RunModelOptions, model: AccessModel | undefined): Promise<AccessModel> {
  if (model) return model;
  if (!opts.modelModule) return loadAccessModel();
  let mod: { predictHistory?: unknown };
  try {
    mod = (await import(pathToFileURL(resolve(opts.modelModule)).href)) as { predictHistory?: unknown };
  } catch (err) {
    throw new UsageError(`--model-module ${opts.modelModule}: cannot load it: ${(err as Error).message}`);
  }
  if (typeof mod.predictHistory !== 'function') throw new UsageError(`--model-module ${opts.modelModule} does not export predictHistory(history)`);
  return mod.predictHistory as AccessModel;
}

export const DEFAULT_MODEL_HISTORIES = 100;
export const DEFAULT_COUNTEREXAMPLE_DIR = 'model-counterexamples';

/** How often a progress line is written (wall time). */
const PROGRESS_EVERY_MS = 5000;

export async function runModel(opts: RunModelOptions, io: CommandIo, logger: Logger, model?: AccessModel): Promise<ExitCodeValue> {
  const histories = opts.histories ?? DEFAULT_MODEL_HISTORIES;
  // No seed given: a fresh one, printed, so the run can be repeated.
  const seed = opts.seed ?? Math.floor(Math.random() * 2 ** 31);
  const say = (line: string) => {
    if (!opts.quiet) io.stderr.write(`${line}\n`);
  };
  if (opts.workers !== undefined && opts.workers > 1 && opts.shard) throw new UsageError('--workers and --shard do not go together (each worker runs a shard)');
  const unknown = (opts.lockFault ?? []).filter((f) => !isFaultName(f));
  if (unknown.length > 0) throw new UsageError(`--lock-fault: unknown fault profile(s) ${unknown.join(', ')} (known: ${FAULT_PROFILES.map((f) => f.name).join(', ')})`);
  const resolved = await resolveModel(opts, model);
  say(`model: ${histories} random histories, seed ${seed}${opts.lockFault ? `, locks with fault(s) ${opts.lockFault.join(', ')}` : ''}${opts.shard ? `, shard ${opts.shard.index}/${opts.shard.total}` : ''}${(opts.workers ?? 1) > 1 ? `, ${opts.workers} worker processes` : ''} (repeat with --seed ${seed})`);
  let lastLine = 0;
  const onProgress = (p: ModelProgress) => {
    const now = performance.now();
    if (now - lastLine < PROGRESS_EVERY_MS && p.histories < p.of && !p.shrinking) return;
    lastLine = now;
    say(progressLine(p));
  };
  const report =
    (opts.workers ?? 1) > 1
      ? await checkModelInWorkers({ histories, seed, workers: opts.workers!, model: resolved, logger, onLine: say, ...(opts.modelModule ? { modelModule: resolve(opts.modelModule) } : {}), ...(opts.lockFault ? { lockFaults: opts.lockFault } : {}) })
      : await checkModel({ histories, seed, model: resolved, logger, onProgress, ...(opts.shard ? { shard: opts.shard, shrink: false } : {}), ...(opts.lockFault ? { lockFaults: opts.lockFault } : {}) });
  say(summaryText(report));
  let file: string | undefined;
  if (report.counterexample && !opts.shard) {
    say(`\nDISAGREEMENT (shrunk in ${report.shrinks} step(s)):\n${describeCounterexample(report.counterexample)}`);
    file = writeScenarioFile(opts.out ?? DEFAULT_COUNTEREXAMPLE_DIR, report.counterexample, { seed });
    say(`\ncounterexample scenario: ${file} (replay: keyrig run ${file})`);
  }
  if (opts.json) io.stdout.write(`${JSON.stringify({ ...report, ...(file ? { counterexampleFile: file } : {}) }, null, 2)}\n`);
  return report.disagreements === 0 ? ExitCode.OK : ExitCode.FAILED;
}

export function progressLine(p: ModelProgress): string {
  const rate = p.elapsedMs > 0 ? (p.histories / p.elapsedMs) * 1000 : 0;
  return `model: ${p.histories}/${p.of} histories, ${p.attempts} attempts, ${p.disagreements} disagreement(s)${p.shrinking ? ' (shrinking)' : ''}, ${rate.toFixed(1)} histories/s`;
}

/** Durations, rates and how often each result code was reached. */
export function summaryText(r: ModelCheckReport): string {
  const counts = (c: Readonly<Record<string, number>>) =>
    Object.entries(c)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ${n}`)
      .join(', ') || '(none)';
  return [
    `model: ${r.histories} histories, ${r.attempts} attempts, ${r.disagreements} disagreement(s) in ${(r.durationMs / 1000).toFixed(1)} s (${r.msPerHistory.toFixed(0)} ms per history, ${r.attempts > 0 ? (r.durationMs / r.attempts).toFixed(0) : '-'} ms per attempt), seed ${r.seed}`,
    `  result codes reached: ${counts(r.resultCounts)}`,
    `  open / reload outcomes: ${counts(r.cloudCounts)}`,
  ].join('\n');
}
