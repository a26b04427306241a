/**
 * `keyrig bench` is a launcher: it checks its flags and starts bench/dist/run.js. No benchmark
 * runs here (benchmarks are not tests, and nothing here measures time).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureIo, cli } from '../../test/support/cliIo.js';
import { ExitCode } from '../exitCodes.js';
import { benchRunnerPath, runBench } from './bench.js';

describe('keyrig bench', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyrig-cli-bench-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the runner in the checkout', () => {
    expect(benchRunnerPath()).toMatch(/bench[/\\]dist[/\\]run\.js$/);
  });

  it('refuses an unknown suite', async () => {
    const r = await cli(['bench', '--only', 'fidelity,speed']);
    expect(r.code).toBe(ExitCode.USAGE);
    expect(r.stderr).toMatch(/unknown suite speed/);
  });

  it('says how to build the bench when it is missing', async () => {
    const c = captureIo();
    expect(await runBench({}, join(dir, 'absent.js'), c.io)).toBe(ExitCode.ERROR);
    expect(c.stderr()).toMatch(/npx tsc -p bench/);
  });

  it('passes the flags to the runner', async () => {
    const runner = join(dir, 'run.js');
    const out = join(dir, 'args.json');
    writeFileSync(runner, `require('node:fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(process.argv.slice(2)));\n`);
    expect(await runBench({ quick: true, json: true, only: ['att', 'cloud'], out: 'r.json' }, runner)).toBe(ExitCode.OK);
    const { readFileSync } = await import('node:fs');
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(['--quick', '--json', '--out', 'r.json', '--only', 'att,cloud']);
  });
});
