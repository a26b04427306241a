/**
 * `keyrig unlock <instant-key-url>`: the key holder's loop from the command line. Opens the
 * instant key (the device key is kept in a keystore file, so the same machine is the same
 * device next time), loads credentials, scans, unlocks the best eligible lock (or --lock, or
 * --all), selects --floor at elevators, relays the audit records.
 * Exit codes: 0 granted, 1 denied (by a lock, or the cloud refusing the link), 4 no eligible lock /
 * no answer, 2 bad flags, 70 other errors.
 */
import type { Command } from 'commander';
import { accessNearby, FileKeyStore, KeyHolder, type AccessTarget, type NobleCentral, type ResponseMode } from '@keyrig/client';
import { systemClock } from '@keyrig/protocol';
import { type ExitCodeValue } from '../exitCodes.js';
import { exitCodeOf, outcomeLine, reportJson } from '../phone/accessOutput.js';
import { failure, intFlag, processIo, rootLogger, type CommandIo } from '../phone/commandIo.js';
import { addRadioOptions, describePhoneRadio, openPhoneCentral, resolvePhoneRadio, type RadioFlags } from '../phone/phoneRadio.js';
import { defaultKeystorePath } from '../phone/keystorePath.js';
import { createProgress } from '../phone/progress.js';
import { UsageError } from '../phone/UsageError.js';

/** Flags of `keyrig unlock`, as commander parses them. */
export interface UnlockOptions extends RadioFlags {
  lock?: string;
  all?: boolean;
  floor?: string[];
  timeout?: string;
  minRssi?: string;
  keystore?: string;
  cloud?: string;
  mtu?: string;
  readPull?: boolean;
  json?: boolean;
  quiet?: boolean;
  logLevel?: string;
}

function cloudUrl(value: string): string {
  try {
    const u = new URL(value);
    if (u.protocol === 'http:' || u.protocol === 'https:') return value;
  } catch {
    // reported below
  }
  throw new UsageError(`--cloud wants the cloud's http(s) base URL, got "${value}"`);
}

/** Runs `keyrig unlock`; resolves to the exit code. */
export async function runUnlock(url: string, opts: UnlockOptions, io: CommandIo = processIo): Promise<ExitCodeValue> {
  let central: NobleCentral | undefined;
  try {
    if (opts.lock !== undefined && opts.all) throw new UsageError('give --lock or --all, not both');
    const target: AccessTarget = opts.all ? { kind: 'all' } : opts.lock !== undefined ? { kind: 'named', name: opts.lock } : { kind: 'best' };
    const floors = (opts.floor ?? []).map((f) => intFlag('--floor', f, 0, -20, 300));
    const radio = resolvePhoneRadio(opts);
    const scanTimeoutMs = intFlag('--timeout', opts.timeout, 3000, 100, 600_000);
    const minRssi = opts.minRssi === undefined ? undefined : intFlag('--min-rssi', opts.minRssi, 0, -127, 20);
    const mtu = opts.mtu === undefined ? undefined : intFlag('--mtu', opts.mtu, 23, 23, 517);
    const responseMode: ResponseMode = opts.readPull ? 'read' : 'auto';
    const logger = rootLogger(io, opts.logLevel);
    const progress = createProgress(!opts.quiet, io.stderr);
    const clock = systemClock;

    progress('opening the instant key');
    const keyHolder = await KeyHolder.open({
      instantKeyUrl: url,
      keyStore: new FileKeyStore(opts.keystore ?? defaultKeystorePath()),
      clock,
      logger,
      userAgent: `keyrig-cli/${process.version}`,
      ...(opts.cloud !== undefined ? { apiBaseUrl: cloudUrl(opts.cloud) } : {}),
    });
    progress(`opening the phone radio (${describePhoneRadio(radio)})`);
    central = await openPhoneCentral(radio, logger, clock);
    const report = await accessNearby({
      central,
      keyHolder,
      target,
      floors,
      scanTimeoutMs,
      ...(minRssi !== undefined ? { minRssi } : {}),
      ...(mtu !== undefined ? { mtu } : {}),
      responseMode,
      clock,
      logger,
      onProgress: progress,
    });
    if (opts.json) {
      io.stdout.write(`${JSON.stringify({ instantKey: keyHolder.instantKey.redacted, endpointId: keyHolder.endpointId, ...reportJson(report) }, null, 2)}\n`);
    } else {
      if (report.notFound) io.stdout.write(`${report.notFound}\n`);
      for (const o of report.outcomes) io.stdout.write(`${outcomeLine(o)}\n`);
      if (report.audit && 'error' in report.audit) io.stdout.write(`audit upload failed: ${report.audit.error}\n`);
      else if (report.audit) io.stdout.write(`audit: ${report.audit.uploaded} record(s) relayed, ${report.audit.recorded} new event(s)\n`);
    }
    return exitCodeOf(report);
  } catch (err) {
    const f = failure(err);
    io.stderr.write(`keyrig unlock: ${f.message}\n`);
    return f.code;
  } finally {
    await central?.close();
  }
}

/** Adds `keyrig unlock` to the program. */
export function registerUnlockCommand(program: Command): void {
  const cmd = program
    .command('unlock')
    .description('load an instant key and unlock the nearest eligible lock (or --lock / --all)')
    .argument('<instant-key-url>', 'the instant key link, e.g. http://127.0.0.1:8080/ik/<secret>')
    .option('--lock <id>', 'the lock to open: a lock id, an entrance id or an entrance name')
    .option('--all', 'open every eligible lock in range')
    .option('--floor <n...>', 'floor(s) to select at an elevator (default: all the key allows)')
    .option('--timeout <ms>', 'how long to scan', '3000')
    .option('--min-rssi <dBm>', 'ignore locks weaker than this (e.g. -80)')
    .option('--keystore <file>', 'where the device key is kept (default $KEYRIG_KEYSTORE or ~/.keyrig/keystore.json)')
    .option('--cloud <url>', "the cloud's API base URL when it differs from the link's (default: the link up to /ik/)")
    .option('--mtu <n>', 'ATT MTU to ask for (23–517)')
    .option('--read-pull', 'read responses instead of subscribing to notifications')
    .option('--json', 'print the report as JSON (outcomes with result codes)')
    .option('--quiet', 'no progress lines on stderr')
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent (default $KEYRIG_LOG_LEVEL or warn)');
  addRadioOptions(cmd)
    .addHelpText('after', '\nExit codes: 0 granted, 1 denied (by a lock, or the cloud refused the link: unknown, expired, revoked, used up), 4 no eligible lock in range or no answer, 2 bad flags, 70 error (cloud unreachable, adapter).')
    .action(async (url: string, opts: UnlockOptions) => {
      process.exitCode = await runUnlock(url, opts);
    });
}
