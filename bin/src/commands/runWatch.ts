/**
 * `keyrig run --watch PATHS`, for suite authors: runs the suites, then again each time a file
 * under PATHS changes, until Ctrl-C. Each pass imports the suite files afresh (a module's own
 * imports outside PATHS are not reloaded). A suite that does not load is reported and waited on.
 */
import { watch, type FSWatcher } from 'node:fs';
import { loadSuites, type Suite } from '@keyrig/scenarios';
import { ExitCode, type ExitCodeValue } from '../exitCodes.js';
import type { CommandIo } from '../command/CommandIo.js';
import { failure } from '../command/failure.js';

/** Quiet time after the last change before a new pass (editors write a file in several steps). */
const SETTLE_MS = 200;

export async function watchSuites(
  paths: readonly string[],
  io: CommandIo,
  signal: AbortSignal,
  progress: (line: string) => void,
  pass: (suites: readonly Suite[]) => Promise<ExitCodeValue>,
): Promise<ExitCodeValue> {
  let changed: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  const watchers: FSWatcher[] = paths.map((p) =>
    watch(p, { recursive: true }, () => {
      clearTimeout(timer);
      timer = setTimeout(() => changed?.(), SETTLE_MS);
    }),
  );
  try {
    for (let round = 1; !signal.aborted; round++) {
      const next = new Promise<void>((resolve) => {
        changed = resolve;
        signal.addEventListener('abort', () => resolve(), { once: true });
      });
      try {
        await pass(await loadSuites(paths, { fresh: String(round) }));
      } catch (err) {
        // A broken suite file while editing: say so and wait for the fix.
        io.stderr.write(`keyrig run: ${failure(err).message}\n`);
      }
      if (signal.aborted) break;
      progress(`watching ${paths.join(', ')} for changes (Ctrl-C ends)`);
      await next;
      if (!signal.aborted) progress('a suite file changed: running again');
    }
  } finally {
    clearTimeout(timer);
    for (const w of watchers) w.close();
  }
  return ExitCode.INTERRUPTED;
}
