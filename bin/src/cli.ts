/**
 * The `keyrig` CLI: wires the packages together and owns process concerns (argv, exit codes,
 * the root logger). Each command lives in commands/<name>.ts and registers itself here.
 */
import { Command, CommanderError } from 'commander';
import { ExitCode } from './exitCodes.js';
import { registerCommands } from './commands/index.js';

export function buildProgram(): Command {
  const program = new Command('keyrig')
    .description('keyrig: a hardware-in-the-loop rig for BLE mobile keys')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  registerCommands(program);
  return program;
}

/** Runs the CLI; resolves to the process exit code (see ExitCode and the README). */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv as string[]);
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.OK;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end through here with exitCode 0.
      return err.exitCode === 0 ? ExitCode.OK : ExitCode.USAGE;
    }
    throw err;
  }
}
