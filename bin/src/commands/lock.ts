/**
 * `keyrig lock`: emulated locks that behave like firmware (docs/LOCK.md).
 *   keyrig lock faults [--json]
 *   keyrig lock run (--provisioning FILE | --property FILE --cloud-db PATH) [--lock ID|NAME ...]
 *                   [--air URL | --hci N | --uart PATH [--baud N]] [--state-dir DIR]
 *                   [--fault NAME ...] [--fault-rate R] [--fault-seed N] [--behaviour JSON|FILE]
 *                   [--max-mtu N] [--position x,y[,z]] [--json] [--log-level LEVEL]
 * Without --air/--hci/--uart the locks run on an air inside this process (nothing outside can
 * reach it: use it to check a provisioning file); start `keyrig air serve` for phones elsewhere.
 */
import { existsSync, readFileSync } from 'node:fs';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { systemClock } from '@keyrig/protocol';
import {
  Air,
  FAULT_PROFILES,
  FaultSet,
  LockProvisioningSchema,
  ProvisioningFileSchema,
  loadPropertyFile,
  provisionOffline,
  startLocks,
  type LockProvisioning,
  type LockRadio,
  type RunningLock,
} from '@keyrig/simulator';
import { ExitCode, type ExitCodeValue } from '../exitCodes.js';
import { processIo, rootLogger, type CommandIo } from '../command/CommandIo.js';
import { checkCloudDbFile } from '../command/cloudDbFile.js';
import { collect, decimal, each, integer, logLevelOption } from '../command/flags.js';
import { commandAction, runCommand, type ExitSlot } from '../command/runCommand.js';
import { UsageError } from '../command/UsageError.js';
import { airAddress, hciIndex, position } from '../phone/phoneRadio.js';
import { aborted, untilStopSignal } from '../stopSignal.js';

export interface LockRunOptions {
  provisioning?: string;
  property?: string;
  cloudDb?: string;
  lock?: string[];
  air?: string;
  hci?: number;
  uart?: string;
  baud?: number;
  stateDir?: string;
  fault?: string[];
  faultRate?: number;
  faultSeed?: number;
  behaviour?: string;
  maxMtu?: number;
  /** Where the lock stands on the air (in-process or an air server), metres. */
  position?: { x: number; y: number; z?: number };
  json?: boolean;
  logLevel?: string;
  /** Tests: stop after this many ms instead of waiting for a signal. */
  exitAfter?: number;
}

function readJson(path: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UsageError(`cannot read ${what} ${path}: ${(err as Error).message}`);
  }
}

/** The locks to run: a provisioning file (all locks, or one lock's record) or a property provisioned offline. */
async function loadLocks(opts: LockRunOptions, logger: ReturnType<typeof rootLogger>): Promise<LockProvisioning[]> {
  let locks: LockProvisioning[];
  if (opts.provisioning !== undefined) {
    const json = readJson(opts.provisioning, 'provisioning file');
    const file = ProvisioningFileSchema.safeParse(json);
    const single = file.success ? undefined : LockProvisioningSchema.safeParse(json);
    if (file.success) locks = file.data.locks;
    else if (single?.success) locks = [single.data];
    else {
      const issue = file.error.issues[0];
      throw new UsageError(`provisioning file ${opts.provisioning} is invalid: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'unknown'}`);
    }
  } else if (opts.property !== undefined) {
    if (opts.cloudDb === undefined) throw new UsageError('--property needs --cloud-db PATH (the access cloud database that issues the keys)');
    checkCloudDbFile(opts.cloudDb, '--cloud-db', { mustExist: false });
    locks = (await provisionOffline({ dbPath: opts.cloudDb, logger, property: loadPropertyFile(opts.property) })).locks;
  } else {
    throw new UsageError('give --provisioning FILE (from `keyrig cloud provision`) or --property FILE --cloud-db PATH');
  }
  if (opts.lock && opts.lock.length > 0) {
    const wanted = new Set(opts.lock);
    locks = locks.filter((l) => wanted.has(l.lock_id) || wanted.has(l.lock_name) || wanted.has(l.entrance_name));
    if (locks.length === 0) throw new UsageError(`no lock matches --lock ${opts.lock.join(', ')}`);
  }
  if (locks.length === 0) throw new UsageError('the provisioning file has no locks');
  return locks;
}

function radioOf(opts: LockRunOptions): LockRadio | undefined {
  if (opts.hci !== undefined) return { kind: 'hci', deviceId: opts.hci };
  if (opts.uart !== undefined) return { kind: 'uart', port: opts.uart, ...(opts.baud !== undefined ? { baudRate: opts.baud } : {}) };
  return undefined;
}

function behaviourOf(opts: LockRunOptions): Record<string, unknown> | undefined {
  if (opts.behaviour === undefined) return undefined;
  const text = opts.behaviour.trim();
  let value: unknown;
  if (text.startsWith('{')) {
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new UsageError(`--behaviour is not valid JSON: ${(err as Error).message}`);
    }
  } else if (existsSync(text)) {
    value = readJson(text, 'behaviour file');
  }
  if (typeof value !== 'object' || value === null) throw new UsageError('--behaviour wants a JSON object or a file holding one');
  return value as Record<string, unknown>;
}

/** Runs the locks until `signal` aborts; resolves to the exit code. */
export function runLockRun(opts: LockRunOptions, signal: AbortSignal, io: CommandIo = processIo): Promise<ExitCodeValue> {
  return runCommand('lock run', io, async (onExit) => {
    const logger = rootLogger(io, opts.logLevel);
    const radio = radioOf(opts);
    const faults = new FaultSet({
      names: opts.fault ?? [],
      ...(opts.faultRate !== undefined ? { rate: opts.faultRate } : {}),
      ...(opts.faultSeed !== undefined ? { seed: opts.faultSeed } : {}),
    });
    const behaviour = behaviourOf(opts);
    const provisionings = await loadLocks(opts, logger);
    if (radio && provisionings.length > 1) {
      throw new UsageError(`a real adapter runs one lock; pick one with --lock (the file has ${provisionings.length})`);
    }
    if (opts.position && radio) throw new UsageError('--position places a lock on the virtual air: not with --hci or --uart');
    if (opts.position && provisionings.length > 1) throw new UsageError(`--position places one lock; pick one with --lock (the file has ${provisionings.length})`);
    const air = !radio && opts.air === undefined ? new Air({ logger }) : undefined;
    if (air) onExit(() => air.close());
    const locks: RunningLock[] = [];
    onExit(async () => {
      for (const l of locks) await l.close();
    });
    locks.push(
      ...(await startLocks(provisionings, {
        clock: systemClock,
        logger,
        ...(air ? { air } : {}),
        ...(opts.air !== undefined ? { airUrl: opts.air } : {}),
        ...(radio ? { radio } : {}),
        ...(opts.stateDir !== undefined ? { stateDir: opts.stateDir } : {}),
        faults,
        ...(behaviour ? { behaviour } : {}),
        ...(opts.maxMtu !== undefined ? { maxMtu: opts.maxMtu } : {}),
        ...(opts.position ? { positions: { [provisionings[0]!.lock_id]: opts.position } } : {}),
      })),
    );
    const status = locks.map((l) => ({ ...l.status(), radio: l.radio, address: l.address ?? null }));
    if (opts.json) io.stdout.write(`${JSON.stringify({ locks: status })}\n`);
    else {
      for (const s of status) {
        io.stdout.write(`${s.name} (${s.type}) ${s.lockId} on ${s.radio}${s.faults.length ? ` faults: ${s.faults.join(', ')}` : ''}\n`);
      }
      if (air) io.stdout.write('note: on an in-process air no phone outside this process can reach these locks (use --air URL)\n');
    }
    const stopAfter = new AbortController();
    if (opts.exitAfter !== undefined) setTimeout(() => stopAfter.abort(), opts.exitAfter).unref();
    await aborted(AbortSignal.any([signal, stopAfter.signal]));
    return ExitCode.OK;
  });
}

/** A fault profile name (`keyrig lock faults`). */
function faultName(value: string): string {
  if (!FAULT_PROFILES.some((f) => f.name === value)) {
    throw new InvalidArgumentError(`unknown fault profile (known: ${FAULT_PROFILES.map((f) => f.name).join(', ')}).`);
  }
  return value;
}

export function registerLockCommand(program: Command, io: CommandIo, slot: ExitSlot): void {
  const lock = program.command('lock').description('emulated BLE locks (door, elevator, amenity) that behave like firmware');

  lock
    .command('faults')
    .description('list the fault profiles (seeded firmware bugs) a lock can be started with')
    .option('--json', 'print [{ "name", "description" }] as JSON')
    .action(
      commandAction(slot, (opts: { json?: boolean }) =>
        runCommand('lock faults', io, async () => {
          if (opts.json) {
            io.stdout.write(`${JSON.stringify(FAULT_PROFILES.map(({ name, description }) => ({ name, description })), null, 2)}\n`);
          } else {
            const width = Math.max(...FAULT_PROFILES.map((f) => f.name.length));
            for (const f of FAULT_PROFILES) io.stdout.write(`${f.name.padEnd(width)}  ${f.description}\n`);
          }
          return ExitCode.OK;
        }),
      ),
    );

  lock
    .command('run')
    .description('run one lock or a whole property on the virtual air or a real Bluetooth adapter')
    .option('--provisioning <file>', 'provisioning file from `keyrig cloud provision` (all its locks, or one lock record)')
    .option('--property <file>', 'property file: provision its locks from --cloud-db first')
    .option('--cloud-db <path>', 'access cloud database to provision --property from')
    .option('--lock <id-or-name>', 'run only this lock (repeatable)', collect)
    .addOption(new Option('--air <url>', 'join an air server (tcp://host:port or unix:/path) from `keyrig air serve`').argParser(airAddress).conflicts(['hci', 'uart']))
    .addOption(new Option('--hci <index>', 'run on a kernel HCI adapter, e.g. 0 for hci0 (Linux; see docs/LOCK.md)').argParser(hciIndex).conflicts(['air', 'uart']))
    .addOption(new Option('--uart <path>', 'run on an HCI UART (H4) controller, e.g. /dev/ttyACM0').conflicts(['air', 'hci']))
    .option('--baud <rate>', 'UART baud rate (default 1000000)', integer(1))
    .option('--state-dir <dir>', 'persist lock state here (audit, blocklist, counters survive restarts)')
    .option('--fault <name>', 'enable a fault profile (repeatable; see `keyrig lock faults`)', each(faultName))
    .option('--fault-rate <0..1>', 'probability a fault strikes at each chance (default 1)', decimal(0, 1))
    .option('--fault-seed <n>', 'seed for --fault-rate below 1', integer(0, 2 ** 32 - 1))
    .option('--behaviour <json-or-file>', 'firmware settings, e.g. \'{"maxSessions":2,"relockAfterMs":5000}\'')
    .option('--max-mtu <n>', 'largest ATT MTU the lock accepts (23..517)', integer(23, 517))
    .option('--position <x,y[,z]>', 'where the lock stands on the air (with --air or the in-process air), metres; one lock', position)
    .option('--json', 'print the started locks\' status as JSON on stdout')
    .addOption(logLevelOption())
    .option('--exit-after <ms>', 'stop after this long (for scripts and tests)', integer(0))
    .action(async (opts: LockRunOptions) => {
      await commandAction(slot, () => untilStopSignal((signal) => runLockRun(opts, signal, io)))();
      // bleno's device polling and a UART driver's reconnect loop can outlive stop(): once the
      // locks are closed, leave even if they still hold the event loop.
      setTimeout(() => process.exit(), 1000).unref();
    });
}
