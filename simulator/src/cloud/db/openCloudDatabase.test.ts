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

  it('migration 3: per-door key sequences from the grants\' revisions at guest-room doors; documents kept', () => {
    const path = join(dir, 'v2.db');
    const old = new Database(path);
    old.exec(migrations[0]!);
    old.exec(migrations[1]!);
    old.pragma('user_version = 2');
    old.exec(`
      INSERT INTO workspaces VALUES ('w', 'W', 'W', 'acs', 'ca', 0);
      INSERT INTO entrances (acs_entrance_id, workspace_id, entrance_key, display_name, type, category, time_zone, created_at) VALUES
        ('room', 'w', 'room-101', 'Room 101', 'door', 'guest', 'UTC', 0),
        ('main', 'w', 'main', 'Main Entrance', 'door', 'entrance', 'UTC', 0),
        ('lift', 'w', 'elevator', 'Elevator', 'elevator', NULL, 'UTC', 0);
      INSERT INTO user_identities (user_identity_id, workspace_id, created_at) VALUES ('u', 'w', 0);
      INSERT INTO access_grants (access_grant_id, workspace_id, user_identity_id, starts_at, created_at, revision) VALUES
        ('g1', 'w', 'u', 0, 0, 3), ('g2', 'w', 'u', 0, 0, 1);
      INSERT INTO access_grant_entrances VALUES ('g1', 'room'), ('g1', 'lift'), ('g1', 'main'), ('g2', 'room');
      INSERT INTO credential_documents (credential_id, endpoint_id, access_grant_id, acs_entrance_id, user_identity_id, not_before, not_after, key_sequence, issued_at)
        VALUES ('c1', 'e', 'g1', 'room', 'u', 0, 1, 3, 0);
    `);
    old.close();
    const db = openCloudDatabase({ path, logger });
    expect(db.prepare('SELECT access_grant_id AS g, acs_entrance_id AS e, key_sequence AS n FROM access_grant_entrances ORDER BY 1, 2').all()).toEqual([
      { g: 'g1', e: 'lift', n: null },
      { g: 'g1', e: 'main', n: null },
      { g: 'g1', e: 'room', n: 3 },
      { g: 'g2', e: 'room', n: 1 },
    ]);
    expect(db.prepare('SELECT acs_entrance_id AS e, key_sequence AS n FROM entrances ORDER BY 1').all()).toEqual([
      { e: 'lift', n: 0 },
      { e: 'main', n: 0 },
      { e: 'room', n: 3 },
    ]);
    expect(db.prepare("SELECT key_mode FROM access_grants WHERE access_grant_id = 'g1'").get()).toEqual({ key_mode: 'override' });
    expect(db.prepare("SELECT key_sequence FROM credential_documents WHERE credential_id = 'c1'").get()).toEqual({ key_sequence: 3 });
    db.prepare("INSERT INTO credential_documents (credential_id, endpoint_id, access_grant_id, acs_entrance_id, user_identity_id, not_before, not_after, key_sequence, issued_at) VALUES ('c2', 'e', 'g1', 'lift', 'u', 0, 1, NULL, 0)").run();
    expect((db.prepare('PRAGMA index_list(credential_documents)').all() as { name: string }[]).map((i) => i.name)).toEqual(
      expect.arrayContaining(['credential_documents_endpoint', 'credential_documents_grant', 'credential_documents_revoked']),
    );
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
