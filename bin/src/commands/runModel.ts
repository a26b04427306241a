/**
 * `keyrig run --model`: random whole-system histories (scenarios/src/model) run against the real
 * cloud, bleno locks and noble phones on the fast air, every step outcome compared with the
 * access model (docs/SCENARIOS.md "Model-based histories"). A disagreement shrinks to a minimal
 * history, printed and written to --out as a scenario file that `keyrig run <file>` replays.
 * Progress on stderr; --json prints the report on stdout. Exit 0 agreed, 3 a disagreement.
 */
import { checkModel, describeCounterexample, loadAccessModel, writeScenarioFile, type AccessModel, type ModelCheckReport, type ModelProgress } from '@keyrig/scenarios';
import type { Logger } from 'pino';
import { ExitCode, type ExitCodeValue } from '../exitCodes.js';
import type { CommandIo } from '../command/CommandIo.js';

export interface RunModelOptions {
  readonly histories?: number;
  readonly seed?: number;
  readonly out?: string;
  readonly json?: boolean;
  readonly quiet?: boolean;
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
  say(`model: ${histories} random histories, seed ${seed} (repeat with --seed ${seed})`);
  let lastLine = 0;
  const onProgress = (p: ModelProgress) => {
    const now = performance.now();
    if (now - lastLine < PROGRESS_EVERY_MS && p.histories < p.of && !p.shrinking) return;
    lastLine = now;
    say(progressLine(p));
  };
  const report = await checkModel({ histories, seed, model: model ?? (await loadAccessModel()), logger, onProgress });
  say(summaryText(report));
  let file: string | undefined;
  if (report.counterexample) {
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
