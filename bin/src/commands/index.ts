/**
 * Every keyrig command, one file each. Add a command by adding its file and one line here.
 */
import type { Command } from 'commander';
import type { CommandIo } from '../command/CommandIo.js';
import type { ExitSlot } from '../command/runCommand.js';
import { registerLockCommand } from './lock.js';
import { registerCloudCommand } from './cloud.js';
import { registerAirCommand } from './air.js';
import { registerScanCommand } from './scan.js';
import { registerUnlockCommand } from './unlock.js';
import { registerDemoCommand } from './demo.js';
import { registerRunCommand } from './run.js';
import { registerValidateCommand } from './validate.js';
import { registerBenchCommand } from './bench.js';

/** Adds one command to the program; its action writes to `io` and leaves its exit code in `slot`. */
export type Register = (program: Command, io: CommandIo, slot: ExitSlot) => void;

const commands: Register[] = [registerLockCommand, registerCloudCommand, registerAirCommand, registerScanCommand, registerUnlockCommand, registerDemoCommand, registerRunCommand, registerValidateCommand, registerBenchCommand];

export function registerCommands(program: Command, io: CommandIo, slot: ExitSlot): void {
  for (const register of commands) register(program, io, slot);
}
