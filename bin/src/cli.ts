/**
 * The `keyrig` CLI: wires the packages together and owns process concerns (argv, exit codes,
 * stop signals, the root logger). Each command lives in commands/<name>.ts and registers itself here.
 */
import { Command, CommanderError } from 'commander';
import { ExitCode } from './exitCodes.js';
import { registerCommands } from './commands/index.js';
import { processIo, setLogFlags, type CommandIo } from './command/CommandIo.js';
import { choiceOption, logLevelOption } from './command/flags.js';
import type { ExitSlot } from './command/runCommand.js';
import { LOG_FORMATS } from './logger.js';
import { installStopHandlers, stopExitCode } from './stopSignal.js';

/** The program; every command's action leaves its exit code in `slot`, and writes to `io`. */
export function buildProgram(io: CommandIo = processIo, slot: ExitSlot = { code: ExitCode.OK }): Command {
  const program = new Command('keyrig')
    .description('keyrig: a hardware-in-the-loop rig for BLE mobile keys')
    .version('0.1.0')
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError('(add --help for the flags)')
    .exitOverride();
  registerCommands(program, io, slot);
  for (const c of program.commands) addCommonFlags(c);
  // Before any action: the log format and --quiet shape the root logger the command makes.
  program.hook('preAction', (_program, action) => {
    const o = action.optsWithGlobals<{ logFormat?: string; logLevel?: string; quiet?: boolean }>();
    setLogFlags({ ...(o.logFormat ? { logFormat: o.logFormat } : {}), ...(o.logLevel ? { logLevel: o.logLevel } : {}), quiet: Boolean(o.quiet) });
  });
  return program;
}

/**
 * The flags README "Using keyrig" promises on every command: --json, --log-level, --log-format.
 * A command without machine output of its own accepts --json (its stdout is JSON already, or it
 * has none). Group commands (`cloud`, `lock`, `air`) pass them to their subcommands.
 */
function addCommonFlags(cmd: Command): void {
  for (const sub of cmd.commands) addCommonFlags(sub);
  if (cmd.commands.length > 0 && cmd.name() !== 'validate') return;
  const has = (flag: string) => cmd.options.some((o) => o.long === flag);
  if (!has('--json')) cmd.option('--json', 'machine output on stdout (JSON)');
  if (!has('--log-level')) cmd.addOption(logLevelOption());
  if (!has('--log-format')) cmd.addOption(choiceOption('--log-format <format>', 'log lines on stderr: pretty (default on a terminal) or json (default otherwise; $KEYRIG_LOG_FORMAT)', LOG_FORMATS));
}

/** Runs the CLI; resolves to the process exit code (see ExitCode and the README). */
export async function main(argv: readonly string[], io: CommandIo = processIo): Promise<number> {
  const slot: ExitSlot = { code: ExitCode.OK };
  const stops = installStopHandlers((by) => {
    // A command that takes no stop signal (or a second Ctrl-C): end now.
    io.stderr.write(`keyrig: interrupted (${by})\n`);
    process.exit(stopExitCode(by, false, ExitCode.OK));
  });
  try {
    await buildProgram(io, slot).parseAsync(argv as string[]);
    const by = stops.stoppedBy();
    return by ? stopExitCode(by, stops.server(), slot.code) : slot.code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end through here with exitCode 0; a refused flag with 1.
      return err.exitCode === 0 ? ExitCode.OK : ExitCode.USAGE;
    }
    throw err;
  } finally {
    stops.dispose();
  }
}
