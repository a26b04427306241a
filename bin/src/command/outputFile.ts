/**
 * Files a command will write at its end (reports, provisioning files), checked at its start: an
 * unwritable path is a bad-input error (exit 2) before a long run, not a failure after it.
 */
import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from './UsageError.js';

/** Makes the folder of `file` and checks that `file` can be written (`flag` names it in errors). */
export function checkWritable(file: string, flag: string): void {
  const abs = resolve(file);
  const named = flag.endsWith('=') ? `${flag}${file}` : `${flag} ${file}`;
  try {
    if (existsSync(abs)) {
      if (statSync(abs).isDirectory()) throw new UsageError(`${named}: is a folder, not a file`);
      accessSync(abs, constants.W_OK);
      return;
    }
    mkdirSync(dirname(abs), { recursive: true });
    accessSync(dirname(abs), constants.W_OK);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`${named}: cannot write there (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}
