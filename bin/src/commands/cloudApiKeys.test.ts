/**
 * API keys as an operator manages them (docs/CLOUD.md, "API keys"): `keyrig cloud serve` with a
 * new --api-key revokes the previous one unless --keep-old-api-keys; `keyrig cloud api-keys
 * create|list|revoke` on the database of a running cloud, checked over real HTTP; keys are stored
 * hashed (the key never appears in the database files).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

const cli = join(import.meta.dirname, '..', '..', 'keyrig.js');
const keyA = `seam_${'a'.repeat(30)}`;
const keyB = `seam_${'b'.repeat(30)}`;
const keyC = `seam_${'c'.repeat(30)}`;

describe('keyrig cloud api keys', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyrig-cli-apikeys-'));
  let child: ChildProcess | undefined;
  afterEach(async () => stop());
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function serve(db: string, ...args: string[]): Promise<string> {
    child = spawn(process.execPath, [cli, 'cloud', 'serve', '--port', '0', '--no-web-app', '--db', db, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, KEYRIG_API_KEY: '' } });
    const c = child;
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: c.stdout! }).once('line', resolve);
      c.once('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    return (JSON.parse(line) as { url: string }).url;
  }
  async function stop(): Promise<void> {
    if (!child || child.exitCode !== null) return;
    const exit = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await exit;
  }
  const status = async (url: string, key: string) =>
    (await fetch(`${url}/workspaces/get`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: '{}' })).status;
  const keys = (...args: string[]) => spawnSync(process.execPath, [cli, 'cloud', 'api-keys', ...args], { encoding: 'utf8' });

  it('a restart with a new --api-key revokes the old one; --keep-old-api-keys keeps it', async () => {
    const db = join(dir, 'restart.db');
    let url = await serve(db, '--api-key', keyA);
    expect(await status(url, keyA)).toBe(200);
    await stop();
    url = await serve(db, '--api-key', keyB);
    expect(await status(url, keyB)).toBe(200);
    expect(await status(url, keyA)).toBe(401);
    await stop();
    url = await serve(db, '--api-key', keyC, '--keep-old-api-keys');
    expect([await status(url, keyB), await status(url, keyC), await status(url, keyA)]).toEqual([200, 200, 401]);
    await stop();
    // A minted startup key replaces the configured ones too.
    url = await serve(db);
    expect([await status(url, keyB), await status(url, keyC)]).toEqual([401, 401]);
  }, 180_000);

  it('create, list and revoke on a running cloud: a created key works at once, survives restarts, and is refused after revoke', async () => {
    const db = join(dir, 'manage.db');
    let url = await serve(db, '--api-key', keyA);
    const created = keys('create', '--db', db, '--name', 'pms integration', '--json');
    expect(created.status, created.stderr).toBe(0);
    const { api_key } = JSON.parse(created.stdout) as { api_key: { api_key_id: string; api_key: string; name: string; kind: string } };
    expect(api_key.api_key).toMatch(/^seam_key1_[A-Za-z0-9_-]{32}$/);
    expect(api_key).toMatchObject({ name: 'pms integration', kind: 'created' });
    expect(await status(url, api_key.api_key)).toBe(200);

    const listed = keys('list', '--db', db, '--json');
    expect(listed.status).toBe(0);
    const list = (JSON.parse(listed.stdout) as { api_keys: { api_key_id: string; name: string; kind: string }[] }).api_keys;
    expect(list.map((k) => [k.name, k.kind])).toEqual([['configured', 'startup'], ['pms integration', 'created']]);
    expect(listed.stdout).not.toContain(api_key.api_key); // shown once: never listed
    expect(keys('list', '--db', db).stdout).toMatch(/startup .* configured\n.*created .* pms integration\n/);

    // A restart with another --api-key does not touch created keys.
    await stop();
    url = await serve(db, '--api-key', keyB);
    expect(await status(url, api_key.api_key)).toBe(200);

    // Revoked by the leaked key itself: the running cloud refuses it from the next request on.
    const revoked = keys('revoke', api_key.api_key, '--db', db, '--json');
    expect(revoked.status, revoked.stderr).toBe(0);
    expect(JSON.parse(revoked.stdout).revoked.api_key_id).toBe(api_key.api_key_id);
    expect(await status(url, api_key.api_key)).toBe(401);
    // And by id.
    const startup = (JSON.parse(keys('list', '--db', db, '--json').stdout) as { api_keys: { api_key_id: string }[] }).api_keys[0]!;
    expect(keys('revoke', startup.api_key_id, '--db', db).stdout).toMatch(/^revoked /);
    expect(await status(url, keyB)).toBe(401);
    await stop();

    // Stored hashed: none of the keys is in the database files.
    const bytes = ['', '-wal'].filter((s) => existsSync(db + s)).map((s) => readFileSync(db + s).toString('latin1')).join('');
    for (const k of [keyA, keyB, api_key.api_key]) expect(bytes).not.toContain(k);
  }, 180_000);

  it('clear errors: unknown database, reserved name, unknown id, already revoked key (on the previous test\'s database)', () => {
    const missing = keys('list', '--db', join(dir, 'nope.db'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/no cloud database at .*nope\.db/);
    const db = join(dir, 'manage.db');
    const reserved = keys('create', '--db', db, '--name', 'configured');
    expect(reserved.status).toBe(2);
    expect(reserved.stderr).toMatch(/"configured" is reserved/);
    expect(keys('revoke', 'no-such-id', '--db', db).stderr).toMatch(/no API key with id no-such-id/);
    expect(keys('revoke', keyA, '--db', db).stderr).toMatch(/no such API key/);
    expect(spawnSync(process.execPath, [cli, 'cloud', 'api-keys', '--help'], { encoding: 'utf8' }).stdout).toMatch(/list[\s\S]*create[\s\S]*revoke/);
  }, 180_000);
});
