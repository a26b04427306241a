/**
 * Dedicated fuzz runs (docs/ROBUSTNESS.md), the long version of the CI budgets in
 * simulator/test/robustness and client/test/robustness, on the same harnesses
 * (@keyrig/simulator/testing, @keyrig/client/testing):
 *
 *   npm run fuzz -- [--target lock|cloud|client|all] [--inputs N] [--seed S] [--out report.json]
 *
 * lock:   N control-point writes into one lock (default 1,000,000), then a real BLE unlock by it.
 * cloud:  N HTTP requests with hostile JSON bodies and query strings (default 20,000).
 * client: N hostile lock links faced by the client core (default 20,000).
 * Progress goes to stderr, the report (JSON) to stdout and to --out. Exit code 1 on any finding.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { runLockFuzz } from '@keyrig/simulator/testing';
import * as testkit from '@keyrig/testkit';
import { targets, type TargetReport } from './targets.js';
import { unlockOverAir } from './unlockOverAir.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const target = arg('target') ?? 'lock';
const seed = Number(arg('seed') ?? Date.now() % 1_000_000_000);
const inputsArg = arg('inputs');
const reports: TargetReport[] = [];

async function fuzzLock(inputs: number): Promise<TargetReport> {
  const startedAt = new Date().toISOString();
  const report = await runLockFuzz({
    kit: testkit,
    inputs,
    seed,
    batch: 2000,
    onProgress: (s) => process.stderr.write(`lock: ${s.inputs} writes, ${s.cases} cases, ${(s.wallMs / 1000).toFixed(0)} s, crashes ${s.crashes}, hangs ${s.hangs}, breaches ${s.breaches}\n`),
  });
  const unlock = await unlockOverAir(report.lock);
  const { lock, failures, ...numbers } = report;
  return {
    target: 'lock',
    startedAt,
    ...numbers,
    errorLogs: numbers.errorLogs.length,
    failures: failures.map((f) => f.error),
    afterwards: { bleUnlock: unlock, grants: lock.firmware.status().counters.grants, auditHighWater: lock.firmware.auditHighWater() },
    ok: failures.length === 0 && numbers.errorLogs.length === 0 && unlock === 'GRANTED',
  };
}

const all = target === 'all' ? ['lock', 'cloud', 'client'] : [target];
for (const t of all) {
  if (t === 'lock') reports.push(await fuzzLock(Number(inputsArg ?? 1_000_000)));
  else if (t in targets) reports.push(await targets[t as keyof typeof targets]({ seed, ...(inputsArg ? { inputs: Number(inputsArg) } : {}) }));
  else {
    process.stderr.write(`unknown target ${t} (lock, cloud, client, all)\n`);
    process.exit(2);
  }
}
let commit = 'unknown';
try {
  commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
} catch {
  /* not a git checkout */
}
const out = JSON.stringify({ node: process.version, commit, seed, reports }, null, 2);
process.stdout.write(`${out}\n`);
const file = arg('out');
if (file) writeFileSync(file, `${out}\n`);
// bleno and noble keep the event loop alive after stopping (docs/AIR.md): exit explicitly.
process.exit(reports.every((r) => r.ok) ? 0 : 1);
