/**
 * `keyrig bench`: runs the benchmarks (docs/BENCHMARKS.md) from a keyrig checkout.
 *   keyrig bench [--quick] [--json] [--out FILE] [--write-docs] [--only fidelity,throughput,att,cloud,scale]
 * The benchmarks live in the top-level bench/ folder, above every package (they may use all of
 * them), so the CLI does not import them: it starts bench/dist/run.js (built by `npm run bench`
 * or `npx tsc -p bench`) as a child process with the same flags. Exit codes: 0 done (goals are
 * reported, never turned into a failure: benchmarks are not tests), 2 bad flags, 70 not built or
 * crashed.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError, type Command } from 'commander';
import { ExitCode, type ExitCodeValue } from '../exitCodes.js';
import { processIo, type CommandIo } from '../command/CommandIo.js';
import { commandAction, runCommand, type ExitSlot } from '../command/runCommand.js';

export interface BenchOptions {
  quick?: boolean;
  json?: boolean;
  out?: string;
  writeDocs?: boolean;
  only?: string[];
}

const SUITES = ['fidelity', 'throughput', 'att', 'cloud', 'scale'];

/** bench/dist/run.js of the checkout this CLI was built in (bin/dist/commands -> repo root). */
export function benchRunnerPath(): string {
  return join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..', 'bench', 'dist', 'run.js');
}

/** --only: a comma-separated subset of the suites. */
export function suiteList(value: string): string[] {
  const only = value.split(',').map((s) => s.trim());
  const unknown = only.filter((s) => !SUITES.includes(s));
  if (unknown.length > 0) throw new InvalidArgumentError(`unknown suite ${unknown.join(', ')} (use ${SUITES.join(', ')}).`);
  return only;
}

export function runBench(opts: BenchOptions, runner = benchRunnerPath(), io: CommandIo = processIo): Promise<ExitCodeValue> {
  return runCommand('bench', io, () => spawnBench(opts, runner, io));
}

async function spawnBench(opts: BenchOptions, runner: string, io: CommandIo): Promise<ExitCodeValue> {
  const only = opts.only ?? [];
  if (!existsSync(runner)) await buildBench(runner, io);
  const args = [
    runner,
    ...(opts.quick ? ['--quick'] : []),
    ...(opts.json ? ['--json'] : []),
    ...(opts.writeDocs ? ['--write-docs'] : []),
    ...(opts.out !== undefined ? ['--out', opts.out] : []),
    ...(only.length > 0 ? ['--only', only.join(',')] : []),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code === 0 ? ExitCode.OK : ExitCode.ERROR));
  });
}

/**
 * Builds bench/ (`tsc -p bench`) when its runner is missing: `npm install` builds it (root
 * `prepare`), this covers a checkout built another way. An installed keyrig package has no bench.
 */
async function buildBench(runner: string, io: CommandIo): Promise<void> {
  const benchDir = dirname(dirname(runner));
  const tsc = join(benchDir, '..', 'node_modules', 'typescript', 'bin', 'tsc');
  if (!existsSync(join(benchDir, 'tsconfig.json')) || !existsSync(tsc)) {
    throw new Error(`${runner} is missing: the benchmarks run from a keyrig checkout (git clone, npm install), not from an installed keyrig package`);
  }
  io.stderr.write(`keyrig bench: building the benchmarks (tsc -p bench)\n`);
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [tsc, '-p', benchDir], { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', resolve);
  });
  if (code !== 0 || !existsSync(runner)) throw new Error(`building the benchmarks failed (tsc -p ${benchDir} exited ${code})`);
}

export function registerBenchCommand(program: Command, io: CommandIo, slot: ExitSlot): void {
  program
    .command('bench')
    .description('run the benchmarks: timing fidelity, throughput, ATT cost, cloud, scale (docs/BENCHMARKS.md)')
    .option('--quick', 'a short run (seconds, for a smoke check), not the recorded one')
    .option('--json', 'print the report as JSON instead of Markdown tables')
    .option('--out <file>', 'also write the JSON report to a file')
    .option('--write-docs', 'update the generated tables in docs/BENCHMARKS.md and docs/img/bench-scale.svg')
    .option('--only <suites>', `comma-separated subset of ${SUITES.join(',')}`, suiteList)
    .addHelpText('after', '\nExit codes: 0 done (goals are reported, not enforced), 2 bad flags, 70 bench not built or crashed.')
    .action(commandAction(slot, (opts: BenchOptions) => runBench(opts, benchRunnerPath(), io)));
}
