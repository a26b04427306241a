/**
 * `keyrig validate`: the partner conformance suite (docs/CONFORMANCE.md) against one lock.
 *   keyrig validate --emulated [--fault NAME]... [--lock-type door|elevator|amenity]
 *   keyrig validate --provisioning FILE [--lock NAME] --provider-key FILE (--air ADDR | --hci N | --uart PATH)
 *   keyrig validate init --out DIR [--lock-type T] [--name NAME]
 *   keyrig validate --kill-rate [--lock-type T]    every fault profile of the lock simulator, one run each
 * Common: [--capabilities FILE] [--only ID]... [--json] [--quiet]
 * --json prints { total, passed, failed, skipped, target, results: [{ id, title, status, section, detail? }] }
 * (section: the PROTOCOL.md section the test checks).
 * Exit codes: 0 every applicable test passed, 3 a test failed, 4 the lock under test was not heard
 * (one bounded scan before the suite), 2 bad flags or files, 70 error.
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { systemClock } from '@keyrig/protocol';
import { BleError } from '@keyrig/client';
import { FAULT_PROFILES, ProvisioningFileSchema, type LockProvisioning } from '@keyrig/simulator';
import {
  conformanceJunit,
  conformanceTable,
  deviceTarget,
  loadCapabilities,
  loadConformanceProvider,
  makeConformanceProvider,
  providerKeyFile,
  provisionConformanceLock,
  REFERENCE_CAPABILITIES,
  runConformance,
  startEmulatedTarget,
  type ConformanceLockType,
  type ConformanceTarget,
} from '@keyrig/scenarios';
import { ExitCode, type ExitCodeValue } from '../exitCodes.js';
import { processIo, rootLogger, type CommandIo } from '../command/CommandIo.js';
import { choiceOption, collect, each, logLevelOption } from '../command/flags.js';
import { commandAction, runCommand, type ExitSlot } from '../command/runCommand.js';
import { UsageError } from '../command/UsageError.js';
import { addRadioOptions, describePhoneRadio, openPhoneCentral, resolvePhoneRadio, type RadioFlags } from '../phone/phoneRadio.js';

export interface ValidateOptions extends RadioFlags {
  emulated?: boolean;
  fault?: string[];
  lockType?: ConformanceLockType;
  provisioning?: string;
  lock?: string;
  providerKey?: string;
  capabilities?: string;
  only?: string[];
  killRate?: boolean;
  junit?: string;
  json?: boolean;
  quiet?: boolean;
  logLevel?: string;
}

/** How long validate looks for a device before the suite (one scan). */
const LOCATE_MS = 10_000;

const LOCK_TYPES: readonly ConformanceLockType[] = ['door', 'elevator', 'amenity'];

/** A fault profile name for --fault (`keyrig lock faults`). */
function faultName(value: string): string {
  if (!FAULT_PROFILES.some((f) => f.name === value)) {
    throw new InvalidArgumentError(`unknown fault profile (see \`keyrig lock faults\`: ${FAULT_PROFILES.map((f) => f.name).join(', ')}).`);
  }
  return value;
}

export function runValidate(opts: ValidateOptions, io: CommandIo = processIo): Promise<ExitCodeValue> {
  return runCommand('validate', io, async (onExit) => {
    let target: ConformanceTarget;
    const caps = opts.capabilities ? loadCapabilities(opts.capabilities) : REFERENCE_CAPABILITIES;
    const logger = rootLogger(io, opts.logLevel);
    const progress = (line: string) => {
      if (!opts.quiet) io.stderr.write(`${line}\n`);
    };
    if (opts.killRate) return await runKillRate(opts, caps, logger, progress, io);
    if (opts.emulated) {
      if (opts.provisioning || opts.providerKey) throw new UsageError('--emulated takes no --provisioning or --provider-key');
      target = await startEmulatedTarget({ logger, lockType: opts.lockType ?? 'door', faults: opts.fault ?? [] });
      onExit(() => target.close());
    } else {
      if (opts.fault?.length) throw new UsageError('--fault needs --emulated');
      if (!opts.provisioning || !opts.providerKey) {
        throw new UsageError('give --emulated, or --provisioning FILE and --provider-key FILE for a real lock (see `keyrig validate init`)');
      }
      const provisioning = pickLock(opts.provisioning, opts.lock);
      const provider = await loadConformanceProvider(opts.providerKey);
      const radio = resolvePhoneRadio(opts);
      progress(`opening the phone radio (${describePhoneRadio(radio)})`);
      const central = await openPhoneCentral(radio, logger, systemClock);
      target = deviceTarget({ provisioning, provider, central });
      onExit(() => target.close());
      // One bounded scan first: a lock that is not there is one "no lock heard", not a FAIL per test.
      const looked = `lock ${provisioning.lock_name} (${provisioning.lock_id}, ${provisioning.lock_type})`;
      progress(`looking for ${looked} for up to ${LOCATE_MS / 1000} s on ${describePhoneRadio(radio)}`);
      if (!(await target.locate!(LOCATE_MS))) {
        throw new BleError('timeout', `no lock heard: looked for ${looked} advertising the keyrig service for ${LOCATE_MS / 1000} s on ${describePhoneRadio(radio)}`);
      }
    }
    progress(`validating ${target.description}`);
    const report = await runConformance({ target, capabilities: caps, ...(opts.only?.length ? { only: opts.only } : {}), onProgress: progress });
    if (opts.junit) {
      mkdirSync(dirname(opts.junit), { recursive: true });
      writeFileSync(opts.junit, conformanceJunit(report));
      progress(`JUnit report: ${opts.junit}`);
    }
    if (opts.json) {
      const { target: t, lockType, total, passed, failed, skipped } = report;
      const results = report.results.map((r) => ({ id: r.id, title: r.title, status: r.status, ...(r.section ? { section: r.section } : {}), ...(r.detail ? { detail: r.detail } : {}) }));
      io.stdout.write(`${JSON.stringify({ total, passed, failed, skipped, target: t, lockType, ...(report.lost ? { lost: report.lost } : {}), results }, null, 2)}\n`);
    } else {
      io.stdout.write(conformanceTable(report));
    }
    if (report.lost) {
      io.stderr.write(`keyrig validate: no lock heard: ${report.lost}; the remaining tests were not run\n`);
      return ExitCode.NOT_FOUND;
    }
    return report.failed > 0 ? ExitCode.FAILED : ExitCode.OK;
  });
}

/**
 * The kill rate: the suite against an emulated lock per fault profile; a profile is killed when at
 * least one test fails. Exit 0 only when every profile is killed.
 */
async function runKillRate(
  opts: ValidateOptions,
  caps: Parameters<typeof runConformance>[0]['capabilities'],
  logger: Parameters<typeof startEmulatedTarget>[0]['logger'],
  progress: (line: string) => void,
  io: CommandIo,
): Promise<ExitCodeValue> {
  if (opts.provisioning || opts.providerKey || opts.fault?.length) throw new UsageError('--kill-rate runs every fault profile on the emulated lock: no --provisioning, --provider-key or --fault');
  const lockType = opts.lockType ?? 'door';
  const profiles: { fault: string; total: number; failed: number; failing: string[] }[] = [];
  for (const f of FAULT_PROFILES) {
    const target = await startEmulatedTarget({ logger, lockType, faults: [f.name] });
    try {
      const r = await runConformance({ target, capabilities: caps, ...(opts.only?.length ? { only: opts.only } : {}) });
      const failing = r.results.filter((x) => x.status === 'failed').map((x) => x.id);
      profiles.push({ fault: f.name, total: r.total, failed: r.failed, failing });
      progress(`${failing.length > 0 ? 'KILLED ' : 'SURVIVED'} ${f.name}: ${failing.length} of ${r.total} test(s) fail`);
    } finally {
      await target.close();
    }
  }
  const killed = profiles.filter((p) => p.failed > 0).length;
  const rate = killed / profiles.length;
  if (opts.json) {
    io.stdout.write(`${JSON.stringify({ lockType, profiles: profiles.length, killed, killRate: rate, results: profiles }, null, 2)}\n`);
  } else {
    const w = Math.max(...profiles.map((p) => p.fault.length));
    const lines = profiles.map((p) => `${p.fault.padEnd(w)}  ${p.failed > 0 ? 'KILLED  ' : 'SURVIVED'}  ${p.failing.slice(0, 3).join(', ')}${p.failing.length > 3 ? ` (+${p.failing.length - 3})` : ''}`);
    io.stdout.write(`Kill rate over the lock simulator's fault profiles (${lockType})\n\n${lines.join('\n')}\n\n${killed}/${profiles.length} killed (${(rate * 100).toFixed(0)} %)\n`);
  }
  return killed === profiles.length ? ExitCode.OK : ExitCode.FAILED;
}

/** One lock of a provisioning file (by name or id; the only one when not given). */
function pickLock(path: string, wanted: string | undefined): LockProvisioning {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UsageError(`cannot read provisioning file ${path}: ${(err as Error).message}`);
  }
  const parsed = ProvisioningFileSchema.safeParse(json);
  if (!parsed.success) throw new UsageError(`${path} is not a keyrig provisioning file: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const locks = parsed.data.locks;
  const lock = wanted === undefined ? (locks.length === 1 ? locks[0] : undefined) : locks.find((l) => l.lock_name === wanted || l.lock_id === wanted);
  if (!lock) throw new UsageError(wanted === undefined ? `${path} holds ${locks.length} locks: pick one with --lock NAME` : `no lock "${wanted}" in ${path}`);
  return lock;
}

export interface ValidateInitOptions {
  out?: string;
  lockType?: ConformanceLockType;
  name?: string;
  json?: boolean;
}

/** Writes a conformance kit: provider key, a provisioning file for the lock under test, a capability statement to fill in. */
export function runValidateInit(opts: ValidateInitOptions, io: CommandIo = processIo): Promise<ExitCodeValue> {
  return runCommand('validate init', io, async () => {
    if (!opts.out) throw new UsageError('--out DIR is required');
    const type = opts.lockType ?? 'door';
    const provider = await makeConformanceProvider();
    const now = Date.now();
    const lock = await provisionConformanceLock(provider, type, now, { name: opts.name ?? `Conformance ${type}` });
    mkdirSync(opts.out, { recursive: true });
    const secret = (file: string, data: unknown) => {
      const p = join(opts.out!, file);
      writeFileSync(p, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
      chmodSync(p, 0o600);
      return p;
    };
    const keyPath = secret('provider-key.json', await providerKeyFile(provider));
    const provPath = secret('lock-provisioning.json', { version: 1, property_name: 'keyrig conformance', generated_at: new Date(now).toISOString(), locks: [lock] });
    const capsPath = join(opts.out, 'capabilities.json');
    writeFileSync(capsPath, `${JSON.stringify({ ...REFERENCE_CAPABILITIES, vendor: 'ACME', model: 'your lock', firmware: '1.0.0', lock_types: [type] }, null, 2)}\n`);
    const next = `keyrig validate --provisioning ${provPath} --provider-key ${keyPath} --capabilities ${capsPath} --hci 0`;
    io.stdout.write(
      opts.json
        ? `${JSON.stringify({ providerKey: keyPath, provisioning: provPath, capabilities: capsPath, lockId: lock.lock_id, lockType: type, next }, null, 2)}\n`
        : `wrote ${keyPath} (provider private key, 0600)\nwrote ${provPath} (load onto the lock; holds its private key, 0600)\nwrote ${capsPath} (fill in)\n` +
            `lock id ${lock.lock_id} (${type}); then: ${next}\n`,
    );
    return ExitCode.OK;
  });
}

export function registerValidateCommand(program: Command, io: CommandIo, slot: ExitSlot): void {
  const cmd = program
    .command('validate')
    .description('run the partner conformance suite against a lock (emulated or real) and print a pass/fail table')
    .option('--emulated', 'validate a reference emulated lock (on an in-process air)')
    .option('--fault <name>', 'with --emulated: start the lock with this fault profile (repeatable; `keyrig lock faults`)', each(faultName))
    .addOption(choiceOption('--lock-type <type>', 'with --emulated or --kill-rate', LOCK_TYPES, 'door'))
    .option('--provisioning <file>', 'provisioning file of the lock under test (from `keyrig validate init`)')
    .option('--lock <name>', 'the lock in the provisioning file (name or id) when it holds several')
    .option('--provider-key <file>', 'the conformance provider key (from `keyrig validate init`)')
    .option('--capabilities <file>', 'the capability statement (default: everything, as the reference lock)')
    .option('--only <id>', 'run only this test id (repeatable)', collect)
    .option('--junit <file>', 'also write the results as JUnit XML')
    .option('--kill-rate', "run the suite against an emulated lock per fault profile and report how many profiles it catches")
    .option('--json', 'print { total, passed, failed, skipped, results: [{ id, title, status, section, detail }] } on stdout (section: the PROTOCOL.md section tested)')
    .option('--quiet', 'no progress lines on stderr')
    .addOption(logLevelOption());
  addRadioOptions(cmd)
    .addHelpText('after', '\nExit codes: 0 all applicable tests passed, 3 a test failed, 4 no lock heard (a device is looked for once, 10 s, before the suite), 2 bad flags or files, 70 error.')
    .action(commandAction(slot, (opts: ValidateOptions) => runValidate(opts, io)));
  cmd
    .command('init')
    .description('write a conformance kit: provider key, lock provisioning file and a capability statement to fill in')
    .requiredOption('--out <dir>', 'where to write the files')
    .addOption(choiceOption('--lock-type <type>', 'lock type (default door)', LOCK_TYPES))
    .option('--name <name>', 'lock name')
    .action(
      // `validate` has its own --lock-type and commander gives it the flag: read both levels.
      commandAction(slot, (_opts: ValidateInitOptions, sub: Command) => runValidateInit(sub.optsWithGlobals<ValidateInitOptions>(), io)),
    );
}
