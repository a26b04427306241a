/**
 * `keyrig run --model`: flags are checked; a run with a model that agrees prints progress and the
 * result codes reached and exits 0; a model that disagrees exits 3 and writes a counterexample
 * scenario file that `keyrig run <file>` replays (and fails, as the model expects otherwise).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { AccessModel } from '@keyrig/scenarios';
import { captureIo } from '../../test/support/cliIo.js';
import { runRun } from './run.js';
import { runModel } from './runModel.js';

const KEYRIG = resolve(fileURLToPath(import.meta.url), '../../../keyrig.js');
/** Inside the checkout, so the written module resolves '@keyrig/scenarios'. */
const OUT = mkdtempSync(join(fileURLToPath(new URL('.', import.meta.url)), '.model-out-'));
afterAll(() => rmSync(OUT, { recursive: true, force: true }));
const logger = pino({ level: 'silent' });

const silent: AccessModel = (h) => h.steps.map(() => ({ outcome: null, why: '' }));
/** Wrong on purpose: the rig never answers an unlock with this. */
const wrong: AccessModel = (h) => h.steps.map((s) => ({ outcome: s.do === 'unlock' ? 'NEVER_A_RESULT' : null, why: 'a wrong model' }));

describe('keyrig run --model', () => {
  it('refuses flags that do not go with --model, and --histories without it', async () => {
    const c = captureIo();
    expect(await runRun(['suite.mjs'], { model: true }, c.io)).toBe(2);
    expect(c.stderr()).toMatch(/does not take suite paths/);
    const d = captureIo();
    expect(await runRun([], { histories: 5 }, d.io)).toBe(2);
    expect(d.stderr()).toMatch(/--histories, --workers, --model-module, --lock-fault and --out go with --model/);
  });

  it('--lock-fault takes the lock simulator\'s fault profiles only', async () => {
    const c = captureIo();
    expect(await runRun([], { model: true, lockFault: ['no-such-bug'] }, c.io)).toBe(2);
    expect(c.stderr()).toMatch(/--lock-fault: unknown fault profile\(s\) no-such-bug \(known: .*refuses-stale-blocklist/);
  });

  it('--help describes the model run', () => {
    const r = spawnSync(process.execPath, [KEYRIG, 'run', '--help'], { encoding: 'utf8' });
    expect(r.stdout).toMatch(/--model/);
    expect(r.stdout).toMatch(/--histories <n>/);
    expect(r.stdout).toMatch(/replay it with keyrig run <file>/);
  });

  it('an agreeing model: progress and result codes on stderr, the report as JSON, exit 0', async () => {
    const c = captureIo();
    expect(await runModel({ histories: 6, seed: 11, json: true }, c.io, logger, silent)).toBe(0);
    expect(c.stderr()).toMatch(/model: 6\/6 histories, \d+ attempts, 0 disagreement\(s\)/);
    expect(c.stderr()).toMatch(/result codes reached: .*GRANTED \d+/);
    const report = JSON.parse(c.stdout()) as { histories: number; disagreements: number; resultCounts: Record<string, number> };
    expect(report).toMatchObject({ histories: 6, disagreements: 0 });
  }, 60_000);

  it('a disagreeing model exits 3 and writes a scenario file that keyrig run replays', async () => {
    const c = captureIo();
    expect(await runModel({ histories: 6, seed: 11, out: OUT }, c.io, logger, wrong)).toBe(3);
    expect(c.stderr()).toMatch(/DISAGREEMENT/);
    expect(c.stderr()).toMatch(/model: NEVER_A_RESULT {2}rig: \w+/);
    const files = readdirSync(OUT);
    expect(files).toEqual(['model-counterexample-seed-11.mjs']);
    const file = join(OUT, files[0]!);
    expect(existsSync(file)).toBe(true);
    const r = spawnSync(process.execPath, [KEYRIG, 'run', file, '--json', '--quiet'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(3);
    expect(JSON.parse(r.stdout)).toMatchObject({ total: 1, failed: 1 });
  }, 120_000);

  it('--workers 2 runs the shards in child processes, merges their counts, shrinks a disagreement here', () => {
    const dir = mkdtempSync(join(OUT, 'workers-'));
    const silentModule = join(dir, 'silent.mjs');
    const wrongModule = join(dir, 'wrong.mjs');
    writeFileSync(silentModule, "export const predictHistory = (h) => h.steps.map(() => ({ outcome: null, why: '' }));\n");
    writeFileSync(wrongModule, "export const predictHistory = (h) => h.steps.map((s) => ({ outcome: s.do === 'unlock' ? 'NEVER_A_RESULT' : null, why: 'a wrong model' }));\n");
    const run = (args: string[]) => spawnSync(process.execPath, [KEYRIG, 'run', '--model', '--histories', '6', '--seed', '11', '--workers', '2', '--json', ...args], { encoding: 'utf8', timeout: 120_000 });
    const ok = run(['--model-module', silentModule]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stderr).toMatch(/\[1\/2\] model: 3\/3 histories/);
    expect(ok.stderr).toMatch(/\[2\/2\] model: 3\/3 histories/);
    expect(JSON.parse(ok.stdout)).toMatchObject({ histories: 6, disagreements: 0 });
    const bad = run(['--model-module', wrongModule, '--out', join(dir, 'out')]);
    expect(bad.status, bad.stderr).toBe(3);
    const report = JSON.parse(bad.stdout) as { disagreements: number; counterexample: { history: { steps: { do: string }[] } }; counterexampleFile: string };
    expect(report.disagreements).toBe(1);
    expect(report.counterexample.history.steps.filter((s) => s.do === 'unlock')).toHaveLength(1);
    expect(existsSync(report.counterexampleFile)).toBe(true);
  }, 180_000);
});
