/**
 * A `--db` / `--cloud-db` file given to a command, checked before anything opens it: a file that
 * is not an SQLite database is one bad-input error naming it (exit 2), not a crash later on.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { UsageError } from './UsageError.js';

/** Every SQLite 3 database file starts with these 16 bytes (sqlite.org/fileformat.html, 1.3). */
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Checks the cloud database at `path` (`flag` names it in errors): `mustExist` refuses a missing
 * file; an existing non-empty file must be an SQLite database. `:memory:` passes.
 */
export function checkCloudDbFile(path: string, flag: string, o: { mustExist: boolean; hint?: string }): void {
  if (path === ':memory:') return;
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new UsageError(`${flag} ${path}: not a file`);
    size = st.size;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      if (o.mustExist) throw new UsageError(`${flag} ${path}: no such file${o.hint ? ` (${o.hint})` : ''}`);
      return;
    }
    throw new UsageError(`${flag} ${path}: ${(err as Error).message}`);
  }
  if (size === 0) return; // SQLite's own empty database (a fresh file)
  const head = Buffer.alloc(SQLITE_HEADER.length);
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    readSync(fd, head, 0, head.length, 0);
  } catch (err) {
    throw new UsageError(`${flag} ${path}: cannot read it: ${(err as Error).message}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  if (!head.equals(SQLITE_HEADER)) throw new UsageError(`${flag} ${path}: file is not a database (not an SQLite file)`);
}
