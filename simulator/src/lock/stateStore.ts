/**
 * Where a lock's persisted state lives: a JSON file per lock (written atomically and durably: temp
 * file, fsync, rename, fsync of the directory, as flash wear-levelling firmware commits a page) or
 * memory for tests that do not restart.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { KeyrigError } from '@keyrig/protocol';
import { persistedLockStateSchema, type PersistedLockState } from './persistedState.js';

export interface LockStateStore {
  /** The saved state, or undefined when the lock has never run. Throws on a corrupt file. */
  load(): PersistedLockState | undefined;
  save(state: PersistedLockState): void;
}

export class MemoryStateStore implements LockStateStore {
  #json: string | undefined;
  load(): PersistedLockState | undefined {
    return this.#json === undefined ? undefined : persistedLockStateSchema.parse(JSON.parse(this.#json));
  }
  save(state: PersistedLockState): void {
    this.#json = JSON.stringify(state);
  }
}

export class FileStateStore implements LockStateStore {
  readonly path: string;

  constructor(stateDir: string, lockId: string) {
    if (!/^[A-Za-z0-9._-]+$/.test(lockId)) throw new KeyrigError('config', `lock id not usable as a file name: "${lockId}"`);
    mkdirSync(stateDir, { recursive: true });
    this.path = join(stateDir, `lock-${lockId}.json`);
  }

  load(): PersistedLockState | undefined {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new KeyrigError('io', `cannot read lock state ${this.path}: ${(err as Error).message}`, { cause: err });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new KeyrigError('io', `lock state ${this.path} is not JSON`, { cause: err });
    }
    const parsed = persistedLockStateSchema.safeParse(json);
    if (!parsed.success) {
      throw new KeyrigError('io', `lock state ${this.path} is invalid: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
    }
    return parsed.data;
  }

  /**
   * Survives SIGKILL and power loss: the temp file's bytes are on disk before the rename makes
   * them the state, and the directory entry of the rename is on disk before save returns (without
   * the first fsync a power cut can leave the renamed file empty; without the second, the old one).
   */
  save(state: PersistedLockState): void {
    const tmp = `${this.path}.tmp-${process.pid}`;
    const fd = openSync(tmp, 'w');
    try {
      writeFileSync(fd, JSON.stringify(state, null, 1));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path);
    fsyncDirectory(dirname(this.path));
  }
}

/** Error codes of platforms whose directories cannot be opened or fsynced (Windows, some network file systems). */
const DIRECTORY_FSYNC_UNSUPPORTED = new Set(['EINVAL', 'EISDIR', 'EPERM', 'EACCES', 'ENOTSUP', 'EBADF']);

/**
 * Makes a rename in `dir` durable. Where the platform refuses to open or fsync a directory, the
 * rename is as durable as that platform makes it anyway (NTFS journals metadata), so those errors
 * are ignored; any other error (EIO: the disk failed) is thrown.
 */
function fsyncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch (err) {
    if (!DIRECTORY_FSYNC_UNSUPPORTED.has((err as NodeJS.ErrnoException).code ?? '')) {
      throw new KeyrigError('io', `cannot fsync lock state directory ${dir}: ${(err as Error).message}`, { cause: err });
    }
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
