/**
 * Ctrl-C (SIGINT) and SIGTERM, the same for every command (README "Exit codes"). `main` installs
 * one handler for the whole command. A command that can stop cleanly takes the stop signal
 * through {@link untilStopSignal} and ends on its own: the servers (`air serve`, `cloud serve`,
 * `lock run`) close, `run` writes its partial reports. Any other command ends at once, and so
 * does every command on a second signal.
 *
 * Exit codes: SIGINT ends every command with 130 (128 + 2, the shell's convention); SIGTERM
 * ends a server cleanly with its own code (0) and any other command with 143 (128 + 15).
 */
import { ExitCode } from './exitCodes.js';

interface Stops {
  readonly ac: AbortController;
  by?: NodeJS.Signals;
  /** How many untilStopSignal bodies are running (they end on their own). */
  graceful: number;
  server: boolean;
}
let current: Stops | undefined;

/** The exit code a stop signal gives a command (`server`: a graceful SIGTERM keeps the command's code). */
export function stopExitCode(by: NodeJS.Signals, server: boolean, code: number): number {
  if (by === 'SIGINT') return ExitCode.INTERRUPTED;
  return server ? code : ExitCode.TERMINATED;
}

export interface StopHandlers {
  /** The first stop signal received, if any. */
  stoppedBy(): NodeJS.Signals | undefined;
  /** Whether the command that ran stopped like a server (see stopExitCode). */
  server(): boolean;
  dispose(): void;
}

/**
 * Installs the SIGINT/SIGTERM handlers; `hardStop` ends the process at once (a command that takes
 * no stop signal, or a second signal).
 */
export function installStopHandlers(hardStop: (by: NodeJS.Signals) => void): StopHandlers {
  const stops: Stops = { ac: new AbortController(), graceful: 0, server: false };
  // noble's and bleno's HCI bindings call process.exit(1) on SIGINT when their listener is the
  // last one: a listener added at signal time (after theirs) keeps the exit code ours.
  const guard = (): void => {};
  const onSignal = (by: NodeJS.Signals): void => {
    process.on(by, guard);
    if (stops.by !== undefined || stops.graceful === 0) {
      hardStop(stops.by ?? by);
      return;
    }
    stops.by = by;
    stops.ac.abort(new Error(`stopped by ${by}`));
  };
  const onInt = (): void => onSignal('SIGINT');
  const onTerm = (): void => onSignal('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  current = stops;
  return {
    stoppedBy: () => stops.by,
    server: () => stops.server,
    dispose: () => {
      for (const [sig, fn] of [['SIGINT', onInt], ['SIGTERM', onTerm], ['SIGINT', guard], ['SIGTERM', guard]] as const) process.off(sig, fn);
      if (current === stops) current = undefined;
    },
  };
}

/**
 * Runs `body` with an AbortSignal that fires on SIGINT or SIGTERM (`server`: a SIGTERM is the
 * normal way to stop it, exit code 0). Outside `main` (a test calling a command directly) it
 * installs its own handlers for the duration.
 */
export async function untilStopSignal<T>(body: (signal: AbortSignal) => Promise<T>, opts: { server?: boolean } = { server: true }): Promise<T> {
  const stops = current;
  if (stops) {
    stops.graceful++;
    stops.server = opts.server ?? true;
    try {
      return await body(stops.ac.signal);
    } finally {
      stops.graceful--;
    }
  }
  const ac = new AbortController();
  const stop = (): void => ac.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return await body(ac.signal);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

/** Resolves when `signal` aborts. */
export function aborted(signal: AbortSignal): Promise<void> {
  return signal.aborted ? Promise.resolve() : new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
