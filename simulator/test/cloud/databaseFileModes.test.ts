/**
 * The cloud database holds lock and provider private keys: the database, its WAL and its SHM file
 * are 0600 (owner read/write only) after startup and after writes, whatever the umask made of
 * them, and a database created earlier with a looser mode is tightened on start
 * (docs/CLOUD.md, "Durability").
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { guestWithKey, holderLoads, startTestCloud, type TestCloud } from './testCloud.js';

const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);
const files = (db: string) => [db, `${db}-wal`, `${db}-shm`];

let t: TestCloud | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('cloud database file modes', () => {
  it('a new database, its WAL and SHM are 0600 after startup and after writes over HTTP', async () => {
    t = await startTestCloud();
    for (const f of files(t.dbPath)) {
      expect(existsSync(f), f).toBe(true);
      expect(modeOf(f), f).toBe('600');
    }
    const g = await guestWithKey(t, ['room-101']);
    expect((await holderLoads(t, g.instantKey.instant_key_url)).load?.status).toBe(200);
    await t.cloud.rotateProviderKey();
    for (const f of files(t.dbPath)) expect(modeOf(f), f).toBe('600');
  });

  it('an existing 0644 database (and WAL, SHM) is set to 0600 on start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyrig-modes-'));
    try {
      const first = await startTestCloud();
      const db = join(dir, 'cloud.db');
      await first.cloud.close();
      // Copy the closed database somewhere, with loose modes, then start on it.
      writeFileSync(db, readFileSync(first.dbPath));
      writeFileSync(`${db}-wal`, '');
      chmodSync(db, 0o644);
      chmodSync(`${db}-wal`, 0o644);
      await first.close();
      t = await startTestCloud({ dbPath: db });
      for (const f of files(db)) expect(modeOf(f), f).toBe('600');
    } finally {
      await t?.close();
      t = undefined;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
