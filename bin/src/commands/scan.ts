/**
 * `keyrig scan`: lists the keyrig locks the phone hears (PROTOCOL.md §1), strongest first; with
 * `--key URL`, also which of them that instant key's credentials open (nothing is unlocked).
 *   keyrig scan [--timeout MS] [--min-rssi DBM] [--key URL [--keystore FILE]] [--json]
 *               [--air ADDR | --hci N | --uart PATH]
 * Exit codes: 0 at least one lock heard, 4 none, 2 bad flags, 70 other errors (adapter, air).
 */
import type { Command } from 'commander';
import { FileKeyStore, findNearbyLocks, KeyHolder, matchEligibleLocks } from '@keyrig/client';
import { systemClock } from '@keyrig/protocol';
import { ExitCode, type ExitCodeValue } from '../exitCodes.js';
import { failure, intFlag, processIo, rootLogger, type CommandIo } from '../phone/commandIo.js';
import { addRadioOptions, describePhoneRadio, openPhoneCentral, resolvePhoneRadio, type RadioFlags } from '../phone/phoneRadio.js';
import { createProgress } from '../phone/progress.js';
import { toScannedLock, type ScannedLock } from '../phone/accessOutput.js';
import { defaultKeystorePath } from '../phone/keystorePath.js';

/** A scanned lock with what the instant key says about it (with --key). */
type ScanRow = ScannedLock & { eligible?: boolean; entrance?: string | null; warning?: string | null };

/** Flags of `keyrig scan`, as commander parses them. */
export interface ScanOptions extends RadioFlags {
  timeout?: string;
  minRssi?: string;
  key?: string;
  keystore?: string;
  json?: boolean;
  quiet?: boolean;
  logLevel?: string;
}

/** Runs `keyrig scan`; resolves to the exit code. */
export async function runScan(opts: ScanOptions, io: CommandIo = processIo): Promise<ExitCodeValue> {
  let central: Awaited<ReturnType<typeof openPhoneCentral>> | undefined;
  try {
    const radio = resolvePhoneRadio(opts);
    const timeoutMs = intFlag('--timeout', opts.timeout, 3000, 100, 600_000);
    const minRssi = opts.minRssi === undefined ? undefined : intFlag('--min-rssi', opts.minRssi, 0, -127, 20);
    const logger = rootLogger(io, opts.logLevel);
    const progress = createProgress(!opts.quiet, io.stderr);
    let keyHolder: KeyHolder | undefined;
    if (opts.key !== undefined) {
      progress('opening the instant key');
      keyHolder = await KeyHolder.open({ instantKeyUrl: opts.key, keyStore: new FileKeyStore(opts.keystore ?? defaultKeystorePath()), clock: systemClock, logger });
      await keyHolder.loadCredentials();
    }
    progress(`opening the phone radio (${describePhoneRadio(radio)})`);
    central = await openPhoneCentral(radio, logger, systemClock);
    progress(`scanning for ${(timeoutMs / 1000).toFixed(1)} s`);
    const sightings = await central.scan({ timeoutMs, ...(minRssi !== undefined ? { minRssi } : {}) });
    const nearby = findNearbyLocks(sightings);
    let locks: ScanRow[] = nearby.map(toScannedLock);
    if (keyHolder?.wallet) {
      const eligible = new Map(matchEligibleLocks(nearby, keyHolder.wallet.credentials, systemClock.now()).map((e) => [e.lock.lockId, e]));
      locks = locks.map((l) => {
        const e = eligible.get(l.lockId);
        return { ...l, eligible: e !== undefined, entrance: e?.credential.entrance.name ?? null, warning: e?.warning ?? null };
      });
    }
    if (opts.json) {
      io.stdout.write(`${JSON.stringify({ radio: describePhoneRadio(radio), locks }, null, 2)}\n`);
    } else if (locks.length === 0) {
      io.stdout.write('no keyrig locks heard\n');
    } else {
      io.stdout.write(formatTable(locks));
    }
    return locks.length > 0 ? ExitCode.OK : ExitCode.NOT_FOUND;
  } catch (err) {
    const f = failure(err);
    io.stderr.write(`keyrig scan: ${f.message}\n`);
    return f.code;
  } finally {
    await central?.close();
  }
}

function formatTable(locks: readonly ScanRow[]): string {
  const withKey = locks.some((l) => l.eligible !== undefined);
  const rows = [
    ['LOCK ID', 'TYPE', 'RSSI', 'STATUS', 'ADDRESS', ...(withKey ? ['ELIGIBLE'] : [])],
    ...locks.map((l) => [
      l.lockId,
      l.type,
      `${l.rssi} dBm`,
      l.status.join(',') || 'ok',
      l.address ?? '-',
      ...(withKey ? [l.eligible ? `yes: ${l.entrance}${l.warning ? ` (${l.warning})` : ''}` : 'no'] : []),
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n') + '\n';
}

/** Adds `keyrig scan` to the program. */
export function registerScanCommand(program: Command): void {
  const cmd = program
    .command('scan')
    .description('list the keyrig locks in range, strongest signal first')
    .option('--timeout <ms>', 'how long to scan', '3000')
    .option('--min-rssi <dBm>', 'ignore locks weaker than this (e.g. -80)')
    .option('--key <instant-key-url>', "also show which locks this instant key's credentials open")
    .option('--keystore <file>', 'device key for --key (default $KEYRIG_KEYSTORE or ~/.keyrig/keystore.json)')
    .option('--json', 'print { "radio", "locks": [{ lockId, type, rssi, status, version, securityRevision, address, name, eligible?, entrance? }] }')
    .option('--quiet', 'no progress lines on stderr')
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent (default $KEYRIG_LOG_LEVEL or warn)');
  addRadioOptions(cmd)
    .addHelpText('after', '\nExit codes: 0 locks heard, 4 none heard, 2 bad flags, 70 error (adapter or air unreachable).')
    .action(async (opts: ScanOptions) => {
      process.exitCode = await runScan(opts);
    });
}
