/**
 * `keyrig lock`: emulated locks that behave like firmware (docs/LOCK.md).
 *   keyrig lock faults [--json]
 *   keyrig lock run (--provisioning FILE | --property FILE --cloud-db PATH) [--lock ID|NAME ...]
 *                   [--air URL | --hci N | --uart PATH [--baud N]] [--state-dir DIR]
 *                   [--fault NAME ...] [--fault-rate R] [--fault-seed N] [--behaviour JSON|FILE]
 *                   [--max-mtu N] [--json] [--log-level LEVEL]
 * Without --air/--hci/--uart the locks run on an air inside this process (nothing outside can
 * reach it: use it to check a provisioning file); start `keyrig air serve` for phones elsewhere.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { systemClock, KeyrigError } from '@keyrig/protocol';
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
import { createRootLogger, resolveLogLevel } from '../logger.js';
import { untilStopSignal } from '../stopSignal.js';

export interface LockRunOptions {
  provisioning?: string;
  property?: string;
  cloudDb?: string;
  lock?: string[];
  air?: string;
  hci?: string;
  uart?: string;
  baud?: string;
  stateDir?: string;
  fault?: string[];
  faultRate?: string;
  faultSeed?: string;
  behaviour?: string;
  maxMtu?: string;
  json?: boolean;
  logLevel?: string;
  /** Tests: stop after this many ms instead of waiting for a signal. */
  exitAfter?: string;
}

class UsageError extends Error {}

function readJson(path: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UsageError(`cannot read ${what} ${path}: ${(err as Error).message}`);
  }
}

/** The locks to run: a provisioning file (all locks, or one lock's record) or a property provisioned offline. */
async function loadLocks(opts: LockRunOptions, logger: ReturnType<typeof createRootLogger>): Promise<LockProvisioning[]> {
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
  if (opts.hci !== undefined) {
    const deviceId = Number(opts.hci.replace(/^hci/, ''));
    if (!Number.isInteger(deviceId) || deviceId < 0) throw new UsageError(`--hci wants an adapter index such as 0 (hci0), got "${opts.hci}"`);
    return { kind: 'hci', deviceId };
  }
  if (opts.uart !== undefined) {
    const baudRate = opts.baud === undefined ? undefined : Number(opts.baud);
    if (baudRate !== undefined && !(Number.isInteger(baudRate) && baudRate > 0)) throw new UsageError(`--baud wants a positive integer, got "${opts.baud}"`);
    return { kind: 'uart', port: opts.uart, ...(baudRate !== undefined ? { baudRate } : {}) };
  }
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
export async function runLockRun(opts: LockRunOptions, signal: AbortSignal, out: NodeJS.WritableStream = process.stdout): Promise<ExitCodeValue> {
  let logger: ReturnType<typeof createRootLogger>;
  try {
    logger = createRootLogger(resolveLogLevel(opts.logLevel));
  } catch (err) {
    process.stderr.write(`keyrig lock run: ${(err as Error).message}\n`);
    return ExitCode.USAGE;
  }
  const places = [opts.air, opts.hci, opts.uart].filter((x) => x !== undefined).length;
  let air: Air | undefined;
  let locks: RunningLock[] = [];
  try {
    if (places > 1) throw new UsageError('give at most one of --air, --hci, --uart');
    const radio = radioOf(opts);
    const faults = new FaultSet({
      names: opts.fault ?? [],
      ...(opts.faultRate !== undefined ? { rate: Number(opts.faultRate) } : {}),
      ...(opts.faultSeed !== undefined ? { seed: Number(opts.faultSeed) } : {}),
    });
    const maxMtu = opts.maxMtu === undefined ? undefined : Number(opts.maxMtu);
    if (maxMtu !== undefined && !(Number.isInteger(maxMtu) && maxMtu >= 23 && maxMtu <= 517)) throw new UsageError('--max-mtu wants 23..517');
    const behaviour = behaviourOf(opts);
    const provisionings = await loadLocks(opts, logger);
    if (radio && provisionings.length > 1) {
      throw new UsageError(`a real adapter runs one lock; pick one with --lock (the file has ${provisionings.length})`);
    }
    if (!radio && opts.air === undefined) air = new Air({ logger });
    locks = await startLocks(provisionings, {
      clock: systemClock,
      logger,
      ...(air ? { air } : {}),
      ...(opts.air !== undefined ? { airUrl: opts.air } : {}),
      ...(radio ? { radio } : {}),
      ...(opts.stateDir !== undefined ? { stateDir: opts.stateDir } : {}),
      faults,
      ...(behaviour ? { behaviour } : {}),
      ...(maxMtu !== undefined ? { maxMtu } : {}),
    });
    const status = locks.map((l) => ({ ...l.status(), radio: l.radio, address: l.address ?? null }));
    if (opts.json) out.write(`${JSON.stringify({ locks: status })}\n`);
    else {
      for (const s of status) {
        out.write(`${s.name} (${s.type}) ${s.lockId} on ${s.radio}${s.faults.length ? ` faults: ${s.faults.join(', ')}` : ''}\n`);
      }
      if (air) out.write('note: on an in-process air no phone outside this process can reach these locks (use --air URL)\n');
    }
    await new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      signal.addEventListener('abort', () => resolve(), { once: true });
      if (opts.exitAfter !== undefined) setTimeout(resolve, Number(opts.exitAfter)).unref();
    });
    return ExitCode.OK;
  } catch (err) {
    if (err instanceof UsageError || (err instanceof KeyrigError && err.code === 'config')) {
      process.stderr.write(`keyrig lock run: ${err.message}\n`);
      return ExitCode.USAGE;
    }
    logger.error({ err }, 'lock run failed');
    process.stderr.write(`keyrig lock run: ${err instanceof Error ? err.message : String(err)}\n`);
    return ExitCode.ERROR;
  } finally {
    for (const l of locks) await l.close();
    await air?.close();
  }
}

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

export function registerLockCommand(program: Command): void {
  const lock = program.command('lock').description('emulated BLE locks (door, elevator, amenity) that behave like firmware');

  lock
    .command('faults')
    .description('list the fault profiles (seeded firmware bugs) a lock can be started with')
    .option('--json', 'print [{ "name", "description" }] as JSON')
    .action((opts: { json?: boolean }) => {
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(FAULT_PROFILES.map(({ name, description }) => ({ name, description })), null, 2)}\n`);
        return;
      }
      const width = Math.max(...FAULT_PROFILES.map((f) => f.name.length));
      for (const f of FAULT_PROFILES) process.stdout.write(`${f.name.padEnd(width)}  ${f.description}\n`);
    });

  lock
    .command('run')
    .description('run one lock or a whole property on the virtual air or a real Bluetooth adapter')
    .option('--provisioning <file>', 'provisioning file from `keyrig cloud provision` (all its locks, or one lock record)')
    .option('--property <file>', 'property file: provision its locks from --cloud-db first')
    .option('--cloud-db <path>', 'access cloud database to provision --property from')
    .option('--lock <id-or-name>', 'run only this lock (repeatable)', collect)
    .option('--air <url>', 'join an air server (tcp://host:port or unix:/path) from `keyrig air serve`')
    .option('--hci <index>', 'run on a kernel HCI adapter, e.g. 0 for hci0 (Linux; see docs/LOCK.md)')
    .option('--uart <path>', 'run on an HCI UART (H4) controller, e.g. /dev/ttyACM0')
    .option('--baud <rate>', 'UART baud rate (default 1000000)')
    .option('--state-dir <dir>', 'persist lock state here (audit, blocklist, counters survive restarts)')
    .option('--fault <name>', 'enable a fault profile (repeatable; see `keyrig lock faults`)', collect)
    .option('--fault-rate <0..1>', 'probability a fault strikes at each chance (default 1)')
    .option('--fault-seed <n>', 'seed for --fault-rate below 1')
    .option('--behaviour <json-or-file>', 'firmware settings, e.g. \'{"maxSessions":2,"relockAfterMs":5000}\'')
    .option('--max-mtu <n>', 'largest ATT MTU the lock accepts (23..517)')
    .option('--json', 'print the started locks\' status as JSON on stdout')
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent')
    .option('--exit-after <ms>', 'stop after this long (for scripts and tests)')
    .action(async (opts: LockRunOptions) => {
      process.exitCode = await untilStopSignal((signal) => runLockRun(opts, signal));
      // bleno's device polling and a UART driver's reconnect loop can outlive stop(): once the
      // locks are closed, leave even if they still hold the event loop.
      setTimeout(() => process.exit(), 1000).unref();
    });
}
