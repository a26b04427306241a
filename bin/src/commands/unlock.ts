/**
 * `keyrig unlock <instant-key-url>`: the key holder's loop from the command line. Opens the
 * instant key (the device key is kept in a keystore file, so the same machine is the same
 * device next time), loads credentials, scans, unlocks the best eligible lock (or --lock, or
 * --all), selects --floor at elevators, relays the audit records.
 * Exit codes: 0 granted, 1 denied (by a lock, or the cloud refusing the link), 4 no eligible lock /
 * no answer, 2 bad flags, 70 other errors.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { accessNearby, FileKeyStore, KeyHolder, type AccessTarget, type NobleCentral, type ResponseMode } from '@keyrig/client';
import { systemClock } from '@keyrig/protocol';
import { type ExitCodeValue } from '../exitCodes.js';
import { exitCodeOf, outcomeLine, reportJson } from '../phone/accessOutput.js';
import { processIo, rootLogger, type CommandIo } from '../command/CommandIo.js';
import { each, integer, logLevelOption } from '../command/flags.js';
import { commandAction, runCommand, type ExitSlot } from '../command/runCommand.js';
import { addRadioOptions, describePhoneRadio, openPhoneCentral, resolvePhoneRadio, type RadioFlags } from '../phone/phoneRadio.js';
import { defaultKeystorePath } from '../phone/keystorePath.js';
import { createProgress } from '../phone/progress.js';

/** Flags of `keyrig unlock`, as commander parses them. */
export interface UnlockOptions extends RadioFlags {
  lock?: string;
  all?: boolean;
  floor?: number[];
  timeout?: number;
  minRssi?: number;
  keystore?: string;
  cloud?: string;
  mtu?: number;
  readPull?: boolean;
  json?: boolean;
  quiet?: boolean;
  logLevel?: string;
}

/** The cloud's http(s) base URL. */
function cloudUrl(value: string): string {
  try {
    const u = new URL(value);
    if (u.protocol === 'http:' || u.protocol === 'https:') return value;
  } catch {
    // reported below
  }
  throw new InvalidArgumentError("wants the cloud's http(s) base URL.");
}

/** Runs `keyrig unlock`; resolves to the exit code. */
export function runUnlock(url: string, opts: UnlockOptions, io: CommandIo = processIo): Promise<ExitCodeValue> {
  return runCommand('unlock', io, async (onExit) => {
    const target: AccessTarget = opts.all ? { kind: 'all' } : opts.lock !== undefined ? { kind: 'named', name: opts.lock } : { kind: 'best' };
    const floors = opts.floor ?? [];
    const radio = resolvePhoneRadio(opts);
    const scanTimeoutMs = opts.timeout ?? 3000;
    const { minRssi, mtu } = opts;
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
      ...(opts.cloud !== undefined ? { apiBaseUrl: opts.cloud } : {}),
    });
    progress(`opening the phone radio (${describePhoneRadio(radio)})`);
    const central: NobleCentral = await openPhoneCentral(radio, logger, clock);
    onExit(() => central.close());
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
  });
}

/** Adds `keyrig unlock` to the program. */
export function registerUnlockCommand(program: Command, io: CommandIo, slot: ExitSlot): void {
  const cmd = program
    .command('unlock')
    .description('load an instant key and unlock the nearest eligible lock (or --lock / --all)')
    .argument('<instant-key-url>', 'the instant key link, e.g. http://127.0.0.1:8080/ik/<secret>')
    .addOption(new Option('--lock <id>', 'the lock to open: a lock id, an entrance id or an entrance name').conflicts('all'))
    .option('--all', 'open every eligible lock in range')
    .option('--floor <n...>', 'floor(s) to select at an elevator, -20 to 300 (default: all the key allows)', each(integer(-20, 300)))
    .option('--timeout <ms>', 'how long to scan (100 to 600000)', integer(100, 600_000), 3000)
    .option('--min-rssi <dBm>', 'ignore locks weaker than this (e.g. -80)', integer(-127, 20))
    .option('--keystore <file>', 'where the device key is kept (default $KEYRIG_KEYSTORE or ~/.keyrig/keystore.json)')
    .option('--cloud <url>', "the cloud's API base URL when it differs from the link's (default: the link up to /ik/)", cloudUrl)
    .option('--mtu <n>', 'ATT MTU to ask for (23–517)', integer(23, 517))
    .option('--read-pull', 'read responses instead of subscribing to notifications')
    .option('--json', 'print the report as JSON (outcomes with result codes)')
    .option('--quiet', 'no progress lines on stderr')
    .addOption(logLevelOption());
  addRadioOptions(cmd)
    .addHelpText('after', '\nExit codes: 0 granted, 1 denied (by a lock, or the cloud refused the link: unknown, expired, revoked, used up), 4 no eligible lock in range or no answer, 2 bad flags, 70 error (cloud unreachable, adapter).')
    .action(commandAction(slot, (url: string, opts: UnlockOptions) => runUnlock(url, opts, io)));
}
