import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { migrations } from './migrations.js';
import { openCloudDatabase } from './openCloudDatabase.js';

const logger = pino({ level: 'silent' });

describe('openCloudDatabase', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyrig-db-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('uses WAL with synchronous=FULL and migrates an older database forward', () => {
    const path = join(dir, 'old.db');
    const old = new Database(path);
    old.exec(migrations[0]!);
    old.pragma('user_version = 1');
    old.close();
    const db = openCloudDatabase({ path, logger });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect((db.prepare('PRAGMA table_info(instant_keys)').all() as { name: string }[]).map((c) => c.name)).toContain('follows_grants');
    db.close();
  });

  it('refuses a database from a newer keyrig', () => {
    const path = join(dir, 'new.db');
    const db = new Database(path);
    db.pragma(`user_version = ${migrations.length + 1}`);
    db.close();
    expect(() => openCloudDatabase({ path, logger })).toThrow(/newer than this keyrig/);
  });
});
