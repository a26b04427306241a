/**
 * The `keyrig` CLI: wires the packages together and owns process concerns (argv, exit codes,
 * the root logger). Each command lives in commands/<name>.ts and registers itself here.
 */
import { Command, CommanderError } from 'commander';
import { ExitCode } from './exitCodes.js';
import { registerCommands } from './commands/index.js';
import { processIo, type CommandIo } from './command/CommandIo.js';
import type { ExitSlot } from './command/runCommand.js';

/** The program; every command's action leaves its exit code in `slot`, and writes to `io`. */
export function buildProgram(io: CommandIo = processIo, slot: ExitSlot = { code: ExitCode.OK }): Command {
  const program = new Command('keyrig')
    .description('keyrig: a hardware-in-the-loop rig for BLE mobile keys')
    .version('0.1.0')
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError('(add --help for the flags)')
    .exitOverride();
  registerCommands(program, io, slot);
  return program;
}

/** Runs the CLI; resolves to the process exit code (see ExitCode and the README). */
export async function main(argv: readonly string[], io: CommandIo = processIo): Promise<number> {
  const slot: ExitSlot = { code: ExitCode.OK };
  try {
    await buildProgram(io, slot).parseAsync(argv as string[]);
    return slot.code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end through here with exitCode 0; a refused flag with 1.
      return err.exitCode === 0 ? ExitCode.OK : ExitCode.USAGE;
    }
    throw err;
  }
}
