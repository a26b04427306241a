/**
 * Runs selected scenarios one after another (each in its own fresh World), retrying failures up
 * to `retries` times: a scenario that fails and then passes is reported as flaky.
 */
import type { Logger } from 'pino';
import type { Scenario } from '../dsl/scenario.js';
import { runScenario, type ScenarioAttempt } from '../dsl/runScenario.js';
import type { DeviceWorld } from '../dsl/World.js';

export type ScenarioStatus = 'passed' | 'flaky' | 'failed' | 'error' | 'skipped';

export interface ScenarioResult {
  readonly id: string;
  readonly suite: string;
  readonly title: string;
  readonly tags: readonly string[];
  /** passed; flaky (passed on a retry); failed (a check failed every time); error (the rig or the story broke). */
  readonly status: ScenarioStatus;
  /** Every attempt, in order (the last one decides the status). */
  readonly attempts: readonly ScenarioAttempt[];
}

export interface RunReport {
  readonly startedAt: string;
  readonly durationMs: number;
  /** The scenarios that ran to an end (an interrupted or fail-fast run holds fewer than `selected`). */
  readonly results: readonly ScenarioResult[];
  /** How many scenarios the run was given. */
  readonly selected: number;
  /** Why the run ended before its last scenario, if it did: `interrupted` (Ctrl-C) or `fail-fast`. */
  readonly stopped?: 'interrupted' | 'fail-fast';
  readonly totals: { readonly total: number; readonly passed: number; readonly flaky: number; readonly failed: number; readonly skipped: number };
}

export interface RunOptions {
  readonly logger: Logger;
  /** Extra attempts after a failure (default 0). */
  readonly retries?: number;
  /** Per-scenario deadline, wall time (default DEFAULT_SCENARIO_TIMEOUT_MS, 90 s). */
  readonly timeoutMs?: number;
  /** Stop after the first scenario that fails (the rest are not run). */
  readonly failFast?: boolean;
  /** Ends the run (Ctrl-C): the running scenario is abandoned, the report holds the ones that finished. */
  readonly signal?: AbortSignal;
  /** Overrides every scenario's air seed. */
  readonly seed?: number;
  /** Progress lines (the CLI writes them to stderr). */
  readonly onProgress?: (line: string) => void;
  /** Device target: scenarios run against locks outside the World; non-portable ones are skipped. */
  readonly device?: DeviceWorld;
}

export async function runSuites(scenarios: readonly Scenario[], o: RunOptions): Promise<RunReport> {
  const started = Date.now();
  const retries = Math.max(0, o.retries ?? 0);
  const progress = o.onProgress ?? (() => {});
  const results: ScenarioResult[] = [];
  let n = 0;
  let stopped: RunReport['stopped'];
  for (const scenario of scenarios) {
    if (o.signal?.aborted) {
      stopped = 'interrupted';
      break;
    }
    if (o.failFast && results.some((r) => r.status === 'failed' || r.status === 'error')) {
      stopped = 'fail-fast';
      break;
    }
    n++;
    const attempts: ScenarioAttempt[] = [];
    for (let i = 0; i <= retries; i++) {
      const a = await runScenario(scenario, { logger: o.logger, ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}), ...(o.device ? { device: o.device } : {}), ...(o.seed !== undefined ? { seed: o.seed } : {}), ...(o.signal ? { signal: o.signal } : {}) });
      if (o.signal?.aborted) break;
      attempts.push(a);
      if (a.status === 'passed' || a.status === 'skipped') break;
      if (i < retries) progress(`[${n}/${scenarios.length}] ↻ ${scenario.id}: ${a.message ?? a.status} — retrying (${i + 1}/${retries})`);
    }
    // Interrupted: the scenario that was running did not finish; it is not reported.
    if (o.signal?.aborted) {
      stopped = 'interrupted';
      progress(`[${n}/${scenarios.length}] interrupted during ${scenario.id}: ${scenarios.length - results.length} scenario(s) not run`);
      break;
    }
    const last = attempts.at(-1)!;
    const status: ScenarioStatus = last.status === 'passed' ? (attempts.length > 1 ? 'flaky' : 'passed') : last.status;
    results.push({ id: scenario.id, suite: scenario.suite, title: scenario.title, tags: scenario.tags, status, attempts });
    const mark = { passed: '✓', flaky: '~', failed: '✗', error: '!', skipped: '-' }[status];
    const secs = (attempts.reduce((t, a) => t + a.durationMs, 0) / 1000).toFixed(1);
    progress(`[${n}/${scenarios.length}] ${mark} ${scenario.id} (${secs} s)${status === 'flaky' ? ' flaky' : ''}${last.status !== 'passed' ? `: ${last.message}` : ''}`);
  }
  const count = (s: ScenarioStatus) => results.filter((r) => r.status === s).length;
  return {
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    results,
    selected: scenarios.length,
    ...(stopped ? { stopped } : {}),
    totals: { total: results.length, passed: count('passed'), flaky: count('flaky'), failed: count('failed') + count('error'), skipped: count('skipped') },
  };
}

/** True when every scenario passed (flaky ones included). */
export function runSucceeded(report: RunReport): boolean {
  return report.totals.failed === 0;
}
