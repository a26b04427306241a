/**
 * `keyrig bench` is a launcher: it checks its flags and starts bench/dist/run.js. No benchmark
 * runs here (benchmarks are not tests, and nothing here measures time).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ExitCode } from '../exitCodes.js';
import { benchRunnerPath, runBench } from './bench.js';

describe('keyrig bench', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyrig-cli-bench-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the runner in the checkout', () => {
    expect(benchRunnerPath()).toMatch(/bench[/\\]dist[/\\]run\.js$/);
  });

  it('refuses an unknown suite', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await runBench({ only: 'fidelity,speed' }, join(dir, 'absent.js'))).toBe(ExitCode.USAGE);
    expect(String(err.mock.calls[0]?.[0])).toMatch(/unknown suite speed/);
    err.mockRestore();
  });

  it('says how to build the bench when it is missing', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await runBench({}, join(dir, 'absent.js'))).toBe(ExitCode.ERROR);
    expect(String(err.mock.calls[0]?.[0])).toMatch(/npx tsc -p bench/);
    err.mockRestore();
  });

  it('passes the flags to the runner', async () => {
    const runner = join(dir, 'run.js');
    const out = join(dir, 'args.json');
    writeFileSync(runner, `require('node:fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(process.argv.slice(2)));\n`);
    expect(await runBench({ quick: true, json: true, only: 'att,cloud', out: 'r.json' }, runner)).toBe(ExitCode.OK);
    const { readFileSync } = await import('node:fs');
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(['--quick', '--json', '--out', 'r.json', '--only', 'att,cloud']);
  });
});
