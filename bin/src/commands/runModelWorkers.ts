/**
 * `keyrig run --model --workers N`: the rig is CPU bound, so a long model run uses processes —
 * N children each run one shard of the seed's history sequence (`--shard k/N`, no shrinking) and
 * print their report as JSON; this process merges the counts and, on a disagreement, replays the
 * lowest failing history with fast-check and shrinks it (scenarios' `shrinkFrom`).
 *
 * No child can hang the run (issue #18): a worker prints a progress line at least every 5 s while
 * it works, so one silent for `workerSilenceMs` (default 120 s) is killed and reported with its
 * shard; a worker that dies (exit code or signal) is reported likewise; either way the other
 * workers are killed and the run rejects (the CLI exits non-zero).
 */
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { shrinkFrom, type AccessModel, type ModelCheckReport } from '@keyrig/scenarios';
import type { Logger } from 'pino';

/** The CLI entry the children run. */
const KEYRIG_JS = resolve(dirname(fileURLToPath(import.meta.url)), '../../keyrig.js');

export interface WorkerRun {
  readonly histories: number;
  readonly seed: number;
  readonly workers: number;
  readonly modelModule?: string;
  readonly lockFaults?: readonly string[];
  readonly logger: Logger;
  readonly model: AccessModel;
  /** A child's progress line (prefixed with its shard). */
  readonly onLine: (line: string) => void;
  /** The script the children run (default the keyrig CLI; tests use a stand-in). */
  readonly workerEntry?: string;
  /** A worker silent (no output) this long is hung: killed and reported (default 120 s). */
  readonly workerSilenceMs?: number;
}

export const DEFAULT_WORKER_SILENCE_MS = 120_000;

/** A running worker: its report, and a way to stop it when another worker failed. */
interface Child {
  readonly report: Promise<ModelCheckReport>;
  kill(): void;
}

function runChild(r: WorkerRun, k: number): Child {
  const name = `model worker ${k}/${r.workers}`;
  const args = [r.workerEntry ?? KEYRIG_JS, 'run', '--model', '--histories', String(r.histories), '--seed', String(r.seed), '--shard', `${k}/${r.workers}`, '--json'];
  if (r.modelModule) args.push('--model-module', r.modelModule);
  for (const f of r.lockFaults ?? []) args.push('--lock-fault', f);
  const silenceMs = r.workerSilenceMs ?? DEFAULT_WORKER_SILENCE_MS;
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let hung = false;
  let watchdog: NodeJS.Timeout | undefined;
  const alive = (): void => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, silenceMs);
  };
  alive();
  const report = new Promise<ModelCheckReport>((resolveRun, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      alive();
      out += d.toString();
    });
    child.stderr!.on('data', (d: Buffer) => {
      alive();
      err += d.toString();
      const lines = err.split('\n');
      err = lines.pop()!;
      for (const l of lines) if (l.trim()) r.onLine(`[${k}/${r.workers}] ${l}`);
    });
    child.on('error', (e) => {
      clearTimeout(watchdog);
      reject(new Error(`${name} could not start: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(watchdog);
      const last = err.trim() ? `: ${err.trim()}` : '';
      if (hung) return reject(new Error(`${name} was silent for ${(silenceMs / 1000).toFixed(1)} s (hung); killed`));
      if (signal) return reject(new Error(`${name} was killed by ${signal}${last}`));
      if (code !== 0 && code !== 3) return reject(new Error(`${name} exited ${code}${last}`));
      try {
        resolveRun(JSON.parse(out) as ModelCheckReport);
      } catch {
        reject(new Error(`${name} printed no report`));
      }
    });
  });
  return {
    report,
    kill: () => {
      clearTimeout(watchdog);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/** All reports, or the first failure after killing the workers still running. */
async function allReports(children: readonly Child[]): Promise<ModelCheckReport[]> {
  try {
    return await Promise.all(children.map((c) => c.report));
  } catch (err) {
    for (const c of children) c.kill();
    await Promise.allSettled(children.map((c) => c.report));
    throw err;
  }
}

const add = (into: Record<string, number>, from: Readonly<Record<string, number>>) => {
  for (const [k, n] of Object.entries(from)) into[k] = (into[k] ?? 0) + n;
};

/** Runs the shards in child processes, merges them, shrinks the lowest failing history here. */
export async function checkModelInWorkers(r: WorkerRun): Promise<ModelCheckReport> {
  const t0 = performance.now();
  const parts = await allReports(Array.from({ length: r.workers }, (_, i) => runChild(r, i + 1)));
  const resultCounts: Record<string, number> = {};
  const cloudCounts: Record<string, number> = {};
  for (const p of parts) {
    add(resultCounts, p.resultCounts);
    add(cloudCounts, p.cloudCounts);
  }
  const failed = parts.filter((p) => p.failingIndex !== undefined && p.counterexample).sort((a, b) => a.failingIndex! - b.failingIndex!)[0];
  let shrunk: Awaited<ReturnType<typeof shrinkFrom>> | undefined;
  if (failed) {
    r.onLine(`model: shrinking the disagreement of history ${failed.failingIndex} here`);
    shrunk = await shrinkFrom({ histories: r.histories, seed: r.seed, model: r.model, logger: r.logger, ...(r.lockFaults ? { lockFaults: r.lockFaults } : {}) }, failed.failingIndex!, failed.counterexample!);
  }
  const histories = parts.reduce((t, p) => t + p.histories, 0);
  const durationMs = performance.now() - t0;
  return {
    seed: r.seed,
    histories,
    attempts: parts.reduce((t, p) => t + p.attempts, 0),
    disagreements: failed ? 1 : 0,
    resultCounts,
    cloudCounts,
    ...(shrunk ? { counterexample: shrunk.counterexample, failingIndex: failed!.failingIndex! } : {}),
    shrinks: shrunk?.shrinks ?? 0,
    durationMs,
    msPerHistory: histories > 0 ? durationMs / histories : 0,
  };
}
