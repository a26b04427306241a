/**
 * The one exit-code wrapper of every keyrig command: the command's body returns its exit code or
 * throws; a throw becomes one line `keyrig <command>: <message>` on stderr and the exit code
 * {@link failure} gives it. Cleanups registered with `onExit` run last, in reverse order, whatever
 * happened.
 */
import type { ExitCodeValue } from '../exitCodes.js';
import type { CommandIo } from './CommandIo.js';
import { failure } from './failure.js';
import { wantsStacks } from './CommandIo.js';

/** Registers a cleanup to run when the command ends (closing a radio, an air, a server). */
export type OnExit = (cleanup: () => unknown) => void;

export async function runCommand(name: string, io: CommandIo, body: (onExit: OnExit) => Promise<ExitCodeValue>): Promise<ExitCodeValue> {
  const cleanups: (() => unknown)[] = [];
  try {
    return await body((c) => cleanups.push(c));
  } catch (err) {
    const f = failure(err);
    io.stderr.write(`keyrig ${name}: ${f.message}\n`);
    // The stack only when asked for: one line is the contract (README "Exit codes").
    if (wantsStacks() && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
    return f.code;
  } finally {
    for (const c of cleanups.reverse()) {
      try {
        await c();
      } catch (err) {
        io.stderr.write(`keyrig ${name}: while shutting down: ${err instanceof Error ? err.message : String(err)}\n`);
      }
    }
  }
}

/** Where a command action leaves its exit code for `main` (no global process.exitCode). */
export interface ExitSlot {
  code: ExitCodeValue;
}

/** A commander action that runs `run` and keeps its exit code in `slot`. */
export function commandAction<A extends unknown[]>(slot: ExitSlot, run: (...args: A) => Promise<ExitCodeValue>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    slot.code = await run(...args);
  };
}
