/**
 * `keyrig bench` is a launcher: it checks its flags and starts bench/dist/run.js. No benchmark
 * runs here (benchmarks are not tests, and nothing here measures time).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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

  it('outside a checkout (an installed package) says the bench needs one', async () => {
    const c = captureIo();
    expect(await runBench({}, join(dir, 'absent', 'dist', 'run.js'), c.io)).toBe(ExitCode.ERROR);
    expect(c.stderr()).toMatch(/run from a keyrig checkout/);
  });

  it('in a checkout whose bench was not built, builds it first (tsc -p bench) and runs it', async () => {
    const root = join(dir, 'checkout');
    mkdirSync(join(root, 'bench', 'src'), { recursive: true });
    mkdirSync(join(root, 'node_modules'));
    mkdirSync(join(root, 'node_modules', '@types'));
    const repoModules = join(import.meta.dirname, '..', '..', '..', 'node_modules');
    symlinkSync(join(repoModules, 'typescript'), join(root, 'node_modules', 'typescript'));
    symlinkSync(join(repoModules, '@types', 'node'), join(root, 'node_modules', '@types', 'node'));
    writeFileSync(join(root, 'bench', 'tsconfig.json'), JSON.stringify({ compilerOptions: { rootDir: 'src', outDir: 'dist', module: 'nodenext', target: 'es2022', types: ['node'] }, include: ['src'] }));
    const out = join(dir, 'built-args.json');
    writeFileSync(join(root, 'bench', 'src', 'run.ts'), `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(out)}, JSON.stringify(process.argv.slice(2)));\n`);
    const c = captureIo();
    expect(await runBench({ quick: true }, join(root, 'bench', 'dist', 'run.js'), c.io)).toBe(ExitCode.OK);
    expect(c.stderr()).toMatch(/building the benchmarks/);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(['--quick']);
  }, 120_000);

  it('passes the flags to the runner', async () => {
    const runner = join(dir, 'run.js');
    const out = join(dir, 'args.json');
    writeFileSync(runner, `require('node:fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(process.argv.slice(2)));\n`);
    expect(await runBench({ quick: true, json: true, only: ['att', 'cloud'], out: 'r.json' }, runner)).toBe(ExitCode.OK);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(['--quick', '--json', '--out', 'r.json', '--only', 'att,cloud']);
  });
});
