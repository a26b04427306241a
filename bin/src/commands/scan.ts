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
import { processIo, rootLogger, type CommandIo } from '../command/CommandIo.js';
import { integer, logLevelOption } from '../command/flags.js';
import { commandAction, runCommand, type ExitSlot } from '../command/runCommand.js';
import { addRadioOptions, describePhoneRadio, openPhoneCentral, resolvePhoneRadio, type RadioFlags } from '../phone/phoneRadio.js';
import { createProgress } from '../phone/progress.js';
import { toScannedLock, type ScannedLock } from '../phone/accessOutput.js';
import { defaultKeystorePath } from '../phone/keystorePath.js';

/** A scanned lock with what the instant key says about it (with --key). */
type ScanRow = ScannedLock & { eligible?: boolean; entrance?: string | null; warning?: string | null };

/** Flags of `keyrig scan`, as commander parses them. */
export interface ScanOptions extends RadioFlags {
  timeout?: number;
  minRssi?: number;
  key?: string;
  keystore?: string;
  json?: boolean;
  quiet?: boolean;
  logLevel?: string;
}

/** Runs `keyrig scan`; resolves to the exit code. */
export function runScan(opts: ScanOptions, io: CommandIo = processIo): Promise<ExitCodeValue> {
  return runCommand('scan', io, async (onExit) => {
    const radio = resolvePhoneRadio(opts);
    const timeoutMs = opts.timeout ?? 3000;
    const minRssi = opts.minRssi;
    const logger = rootLogger(io, opts.logLevel);
    const progress = createProgress(!opts.quiet, io.stderr);
    let keyHolder: KeyHolder | undefined;
    if (opts.key !== undefined) {
      progress('opening the instant key');
      keyHolder = await KeyHolder.open({ instantKeyUrl: opts.key, keyStore: new FileKeyStore(opts.keystore ?? defaultKeystorePath()), clock: systemClock, logger });
      await keyHolder.loadCredentials();
    }
    progress(`opening the phone radio (${describePhoneRadio(radio)})`);
    const central = await openPhoneCentral(radio, logger, systemClock);
    onExit(() => central.close());
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
  });
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
export function registerScanCommand(program: Command, io: CommandIo, slot: ExitSlot): void {
  const cmd = program
    .command('scan')
    .description('list the keyrig locks in range, strongest signal first')
    .option('--timeout <ms>', 'how long to scan (100 to 600000)', integer(100, 600_000), 3000)
    .option('--min-rssi <dBm>', 'ignore locks weaker than this (e.g. -80)', integer(-127, 20))
    .option('--key <instant-key-url>', "also show which locks this instant key's credentials open")
    .option('--keystore <file>', 'device key for --key (default $KEYRIG_KEYSTORE or ~/.keyrig/keystore.json)')
    .option('--json', 'print { "radio", "locks": [{ lockId, type, rssi, status, version, securityRevision, address, name, eligible?, entrance? }] }')
    .option('--quiet', 'no progress lines on stderr')
    .addOption(logLevelOption());
  addRadioOptions(cmd)
    .addHelpText('after', '\nExit codes: 0 locks heard, 4 none heard, 2 bad flags, 70 error (adapter or air unreachable).')
    .action(commandAction(slot, (opts: ScanOptions) => runScan(opts, io)));
}
