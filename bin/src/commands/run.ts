/**
 * `keyrig run`: runs scenario suites (docs/SCENARIOS.md) on the emulated target — the shipped
 * suites by default, or the suites in the given files/folders.
 *   keyrig run [paths...] [--tag T] [--exclude-tag T] [--grep P] [--retries N] [--shard i/n]
 *              [--fail-fast] [--timeout 90s] [--watch]
 *              [--reporter junit=FILE,html=FILE] [--json] [--list]
 *              [--target emulated | air:ADDRESS | hci:N | uart:PATH --cloud-db FILE]
 *   keyrig run --model [--histories N] [--seed S] [--out DIR] [--json]   (runModel.ts)
 * Progress goes to stderr; --json prints the summary on stdout. A device target runs the
 * portable scenarios against locks this process does not start (real ones, or `keyrig lock run`),
 * provisioned from the cloud database given; the others are reported skipped.
 * Exit codes: 0 every scenario passed (flaky included), 3 a scenario failed, 2 bad flags or files,
 * 70 error, 130 interrupted (the reports then hold the scenarios that finished, marked so).
 */
import { writeFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import {
  DEFAULT_SCENARIO_TIMEOUT_MS,
  loadSuites,
  parseShard,
  runSuites,
  runSucceeded,
  SCENARIO_PROPERTY_JSON,
  selectScenarios,
  SHIPPED_SUITES,
  type Shard,
  type Suite,
} from '@keyrig/scenarios';
import { systemClock } from '@keyrig/protocol';
import type { DeviceWorld } from '@keyrig/scenarios';
import { ExitCode, type ExitCodeValue } from '../exitCodes.js';
import { airAddress, describePhoneRadio, hciIndex, openPhoneCentral, resolvePhoneRadio, type PhoneRadio } from '../phone/phoneRadio.js';
import { processIo, rootLogger, type CommandIo } from '../command/CommandIo.js';
import { collect, duration, integer, logLevelOption } from '../command/flags.js';
import { commandAction, runCommand, type ExitSlot, type OnExit } from '../command/runCommand.js';
import { checkCloudDbFile } from '../command/cloudDbFile.js';
import { checkWritable } from '../command/outputFile.js';
import { untilStopSignal } from '../stopSignal.js';
import { checkReporters, runSummary, summaryLine, writeReports } from './runReports.js';
import { watchSuites } from './runWatch.js';
import { UsageError } from '../command/UsageError.js';
import { DEFAULT_COUNTEREXAMPLE_DIR, DEFAULT_MODEL_HISTORIES, runModel } from './runModel.js';

export interface RunOptions {
  tag?: string[];
  excludeTag?: string[];
  failFast?: boolean;
  timeout?: number;
  watch?: boolean;
  grep?: string;
  retries?: number;
  seed?: number;
  shard?: Shard;
  reporter?: { junit?: string; html?: string };
  json?: boolean;
  list?: boolean;
  target?: PhoneRadio | 'emulated';
  cloudDb?: string;
  writeProperty?: string;
  quiet?: boolean;
  logLevel?: string;
  model?: boolean;
  histories?: number;
  out?: string;
  workers?: number;
  modelModule?: string;
  lockFault?: string[];
}

/** Parses `junit=FILE,html=FILE` (repeatable: merged with the earlier values) into reporter -> file. */
export function parseReporters(spec: string, previous: { junit?: string; html?: string } = {}): { junit?: string; html?: string } {
  const out = { ...previous };
  for (const part of spec.split(',').filter((s) => s.trim() !== '')) {
    const m = /^(junit|html)=(.+)$/.exec(part.trim());
    if (!m) throw new InvalidArgumentError(`wants junit=FILE or html=FILE (comma-separated), got "${part}".`);
    out[m[1] as 'junit' | 'html'] = m[2]!;
  }
  return out;
}

/** `emulated`, or the phone radio of a device target (air:ADDRESS, hci:N, uart:PATH). */
export function parseTarget(target: string): PhoneRadio | 'emulated' {
  if (target === 'emulated') return 'emulated';
  const m = /^(air|hci|uart):(.+)$/.exec(target);
  if (!m) throw new InvalidArgumentError('wants emulated, air:ADDRESS, hci:N or uart:PATH.');
  if (m[1] === 'hci') return resolvePhoneRadio({ hci: hciIndex(m[2]!) });
  if (m[1] === 'uart') return resolvePhoneRadio({ uart: m[2]! });
  return resolvePhoneRadio({ air: airAddress(m[2]!) });
}

/** i/n of --shard. */
function shardFlag(value: string): Shard {
  try {
    return parseShard(value);
  } catch (err) {
    throw new InvalidArgumentError(`${(err as Error).message}.`);
  }
}

export function runRun(paths: readonly string[], opts: RunOptions, io: CommandIo = processIo, signal: AbortSignal = new AbortController().signal): Promise<ExitCodeValue> {
  return runCommand('run', io, async (onExit) => {
    if (opts.model) {
      const other = paths.length > 0 ? 'suite paths' : opts.target !== undefined && opts.target !== 'emulated' ? '--target' : opts.tag?.length ? '--tag' : opts.excludeTag?.length ? '--exclude-tag' : opts.grep !== undefined ? '--grep' : opts.list ? '--list' : opts.reporter ? '--reporter' : opts.watch ? '--watch' : undefined;
      if (other) throw new UsageError(`--model runs random histories on the emulated target; it does not take ${other}`);
      const { histories, seed, out, json, quiet, workers, shard, modelModule, lockFault } = opts;
      const model = { histories, seed, out, json, quiet, workers, shard, modelModule, lockFault };
      // The rig's warnings (an audit upload a revoked session cannot make) are outcomes here, not news.
      return runModel(Object.fromEntries(Object.entries(model).filter(([, v]) => v !== undefined)), io, rootLogger(io, opts.logLevel ?? 'error'));
    }
    if (opts.histories !== undefined || opts.out !== undefined || opts.workers !== undefined || opts.modelModule !== undefined || opts.lockFault !== undefined) {
      throw new UsageError('--histories, --workers, --model-module, --lock-fault and --out go with --model');
    }
    if (opts.writeProperty) {
      checkWritable(opts.writeProperty, '--write-property');
      writeFileSync(opts.writeProperty, `${JSON.stringify(SCENARIO_PROPERTY_JSON, null, 2)}\n`);
      io.stdout.write(`wrote ${opts.writeProperty}: provision device locks from it (keyrig cloud provision --property)\n`);
      return ExitCode.OK;
    }
    const radio = opts.target === undefined || opts.target === 'emulated' ? undefined : opts.target;
    if (radio && !opts.cloudDb) throw new UsageError('a device target needs --cloud-db FILE: the cloud database that provisioned its locks');
    if (!radio && opts.cloudDb) throw new UsageError('--cloud-db is for device targets (--target air:…|hci:…|uart:…)');
    if (opts.cloudDb) checkCloudDbFile(opts.cloudDb, '--cloud-db', { mustExist: true });
    // Every bad input is refused before the first scenario: a report path too.
    if (!opts.list) checkReporters(opts.reporter ?? {});
    if (opts.watch) {
      if (paths.length === 0) throw new UsageError('--watch re-runs your suites when their files change: give the suite files or folders');
      if (opts.list) throw new UsageError('--watch does not go with --list');
      return watchSuites(paths, io, signal, opts.quiet ? () => {} : (line) => io.stderr.write(`${line}\n`), (suites) => runSelected(suites, paths, opts, io, signal, onExit));
    }
    const suites: readonly Suite[] = paths.length > 0 ? await loadSuites(paths) : SHIPPED_SUITES;
    return runSelected(suites, paths, opts, io, signal, onExit);
  });
}

/** Selects, runs and reports one pass over `suites`; resolves to the exit code. */
async function runSelected(suites: readonly Suite[], paths: readonly string[], opts: RunOptions, io: CommandIo, signal: AbortSignal, onExit: OnExit): Promise<ExitCodeValue> {
  if (suites.length === 0) throw new UsageError(`no suites found in ${paths.join(', ')}`);
  const { seed, shard } = opts;
  const reporters = opts.reporter ?? {};
  const scenarios = selectScenarios(suites, {
    ...(opts.tag?.length ? { tags: opts.tag } : {}),
    ...(opts.excludeTag?.length ? { excludeTags: opts.excludeTag } : {}),
    ...(opts.grep !== undefined ? { grep: opts.grep } : {}),
    ...(shard ? { shard } : {}),
  });
  if (opts.list) {
    if (opts.json) io.stdout.write(`${JSON.stringify({ scenarios: scenarios.map((s) => ({ id: s.id, title: s.title, tags: s.tags })) }, null, 2)}\n`);
    else io.stdout.write(scenarios.map((s) => `${s.id}\n`).join(''));
    return ExitCode.OK;
  }
  const logger = rootLogger(io, opts.logLevel);
  const radio = opts.target === undefined || opts.target === 'emulated' ? undefined : opts.target;
  let device: DeviceWorld | undefined;
  const progress = (line: string) => {
    if (!opts.quiet) io.stderr.write(`${line}\n`);
  };
  if (radio) {
    progress(`opening the phone radio (${describePhoneRadio(radio)})`);
    const central = await openPhoneCentral(radio, logger, systemClock);
    onExit(() => central.close());
    device = { central, cloudDbPath: opts.cloudDb!, description: describePhoneRadio(radio) };
  }
  progress(`running ${scenarios.length} scenario(s)${shard ? ` (shard ${shard.index}/${shard.total})` : ''} on ${device ? `the device target (${device.description})` : 'the emulated target'}`);
  const report = await runSuites(scenarios, {
    logger,
    retries: opts.retries ?? 0,
    timeoutMs: opts.timeout ?? DEFAULT_SCENARIO_TIMEOUT_MS,
    signal,
    ...(opts.failFast ? { failFast: true } : {}),
    onProgress: progress,
    ...(device ? { device } : {}),
    ...(seed !== undefined ? { seed } : {}),
  });
  writeReports(report, reporters);
  if (reporters.junit) progress(`JUnit report: ${reporters.junit}`);
  if (reporters.html) progress(`HTML report: ${reporters.html}`);
  progress(summaryLine(report));
  if (opts.json) io.stdout.write(`${JSON.stringify(runSummary(report), null, 2)}\n`);
  if (report.stopped === 'interrupted') return ExitCode.INTERRUPTED;
  return runSucceeded(report) ? ExitCode.OK : ExitCode.FAILED;
}

export function registerRunCommand(program: Command, io: CommandIo, slot: ExitSlot): void {
  program
    .command('run')
    .description('run scenario suites (default: the shipped suites) on the emulated target or against device locks')
    .argument('[paths...]', 'suite files or folders (.js/.mjs modules exporting suites)')
    .option('--tag <tag>', 'only scenarios with this tag (repeatable)', collect)
    .option('--exclude-tag <tag>', 'leave out scenarios with this tag (repeatable)', collect)
    .option('--grep <pattern>', 'only scenarios whose id or title matches (regular expression)')
    .option('--retries <n>', 'retry a failed scenario up to n times (0 to 10); a later pass is reported flaky', integer(0, 10), 0)
    .option('--seed <n>', "the air's seed for every scenario (default: each scenario's own, 1); with --model, the seed of the random histories (default: a fresh one, printed)", integer(0, 2 ** 32 - 1))
    .option('--shard <i/n>', 'run the i-th of n deterministic shards (CI matrices; with --model: of the histories, not shrunk)', shardFlag)
    .option('--reporter <spec>', 'junit=FILE and/or html=FILE, comma-separated (repeatable)', parseReporters)
    .option('--fail-fast', 'stop after the first scenario that fails (the rest are reported not run)')
    .option('--timeout <duration>', 'give up on a scenario after this long, wall time (e.g. 90s, 2m; default 90s)', duration(1000, 3_600_000))
    .option('--watch', 'for suite authors: run the given suites, then again whenever a suite file changes (Ctrl-C ends)')
    .option('--json', 'print { total, passed, flaky, failed, skipped, selected, notRun, stopped?, results: [{ id, suite, title, status, attempts }] } on stdout')
    .option('--list', 'list the selected scenario ids and exit')
    .option('--target <target>', 'emulated, or a device target: air:ADDRESS, hci:N or uart:PATH (the phone radio; locks run elsewhere)', parseTarget, 'emulated')
    .option('--write-property <file>', 'write the property the shipped scenarios run in (to provision device locks) and exit')
    .option('--cloud-db <file>', "with a device target: the cloud database that provisioned the locks (`keyrig cloud provision --db`)")
    .option('--quiet', 'no progress lines on stderr')
    .option('--model', 'model-based testing: random whole-system histories on the emulated rig, every outcome compared with the access model (docs/SCENARIOS.md "Model-based histories")')
    .option('--histories <n>', `with --model: how many random histories (default ${DEFAULT_MODEL_HISTORIES})`, integer(1, 10_000_000))
    .option('--workers <n>', 'with --model: run the histories in n child processes (the rig is CPU bound: one per core)', integer(1, 64))
    .option('--model-module <file>', 'with --model: a module exporting predictHistory(history) instead of the built-in access model')
    .option('--lock-fault <name>', 'with --model: run every lock with this firmware fault profile (`keyrig lock faults`; repeatable): a check that the histories catch the bug, so the run must disagree', collect)
    .option('--out <dir>', `with --model: where a disagreement's minimal history is written as a scenario file (default ${DEFAULT_COUNTEREXAMPLE_DIR}/; keep it inside the keyrig checkout so it resolves @keyrig/scenarios)`)
    .addOption(logLevelOption())
    .addHelpText(
      'after',
      '\nExit codes: 0 all passed (flaky included), 3 a scenario failed (with --model: the rig and the model disagreed), 2 bad flags or files, 70 error,\n' +
        '  130 interrupted (Ctrl-C: the reports and the summary hold the scenarios that finished, marked interrupted).\n' +
        'Model-based histories: keyrig run --model --histories 10000 --seed 16 --workers 2 --out model-counterexamples\n' +
        '  progress on stderr; the summary counts each result code reached; a disagreement is shrunk to a minimal history,\n' +
        '  printed with the model\'s reasons and written to --out as a scenario file: replay it with keyrig run <file>.',
    )
    // A suite run stops cleanly on Ctrl-C (partial reports); --model ends at once (its workers are child processes).
    .action(commandAction(slot, (paths: string[], opts: RunOptions) => (opts.model ? runRun(paths, opts, io) : untilStopSignal((signal) => runRun(paths, opts, io, signal), { server: false }))));
}
