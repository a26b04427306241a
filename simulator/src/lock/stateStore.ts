/**
 * Where a lock's persisted state lives: a JSON file per lock (written atomically: temp file then
 * rename, as flash wear-levelling firmware commits a page) or memory for tests that do not restart.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

  save(state: PersistedLockState): void {
    const tmp = `${this.path}.tmp-${process.pid}`;
    writeFileSync(tmp, JSON.stringify(state, null, 1));
    renameSync(tmp, this.path);
  }
}
