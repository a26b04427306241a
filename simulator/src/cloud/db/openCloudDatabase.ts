/**
 * Opens (creating if needed) the cloud's SQLite database and brings its schema up to date.
 *
 * Durability (docs/CLOUD.md, "Durability"): WAL journal with synchronous=FULL. In WAL mode
 * synchronous=NORMAL already survives a crash of this process (SIGKILL), but can lose the last
 * commits on power loss or an OS crash; the cloud acknowledges an instant key only after its
 * transaction commits, and a key holder may act on it at once, so we pay the fsync per commit.
 *
 * File modes: the database holds lock and provider private keys, so it is created 0600 before
 * SQLite opens it (SQLite gives the -wal and -shm files the database file's mode), and an
 * existing database, WAL or SHM file with a looser mode is set to 0600 on open.
 */
import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Logger } from 'pino';
import { KeyrigError } from '@keyrig/protocol';
import { migrations } from './migrations.js';

export type CloudDatabase = Database.Database;

export interface OpenCloudDatabaseOptions {
  /** File path, or ':memory:' for a throw-away database. */
  path: string;
  logger: Logger;
  /** 'FULL' (default) or 'NORMAL' (faster; safe against process crashes, not power loss). */
  synchronous?: 'FULL' | 'NORMAL';
}

/** Creates `path` 0600 if missing and sets it and its -wal/-shm files to 0600. */
function restrictFileModes(path: string): void {
  if (path === ':memory:' || path === '' || path.startsWith('file:')) return;
  closeSync(openSync(path, 'a', 0o600));
  for (const f of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
}

export function openCloudDatabase(opts: OpenCloudDatabaseOptions): CloudDatabase {
  let db: CloudDatabase;
  try {
    restrictFileModes(opts.path);
    db = new Database(opts.path);
  } catch (cause) {
    throw new KeyrigError('io', `cannot open cloud database ${opts.path}: ${(cause as Error).message}`, { cause });
  }
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${opts.synchronous ?? 'FULL'}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    db.close();
    throw new KeyrigError('config', `cloud database ${opts.path} has schema version ${current}, newer than this keyrig (${migrations.length})`);
  }
  for (let v = current; v < migrations.length; v++) {
    db.transaction(() => {
      db.exec(migrations[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
    opts.logger.info({ schemaVersion: v + 1 }, 'cloud database migrated');
  }
  return db;
}
