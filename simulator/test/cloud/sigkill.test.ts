/**
 * Durability: a child process runs the cloud; the test issues instant keys in a concurrent burst,
 * records every acknowledged id, kills the child with SIGKILL mid-burst, restarts it on the same
 * SQLite file and finds every acknowledged identity, grant and instant key. Runs the built
 * package (simulator/dist: `npx tsc -b simulator` first, as `npm test` does).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';

const fixture = join(import.meta.dirname, 'fixtures', 'serveCloud.mjs');
const API_KEY = 'seam_test_sigkill_0123456789abcdefghijkl';

function startChild(dbPath: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [fixture, dbPath, API_KEY], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve({ child, url: (JSON.parse(line) as { url: string }).url }));
    child.once('exit', (code) => reject(new Error(`cloud child exited early with ${code}`)));
  });
}

async function post(url: string, path: string, body: unknown): Promise<any> {
  const res = await fetch(`${url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

describe('SIGKILL during an issuance burst', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyrig-sigkill-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loses nothing that was acknowledged', async () => {
    const dbPath = join(dir, 'cloud.db');
    const first = await startChild(dbPath);
    const entrance = (await post(first.url, '/acs/entrances/list', {})).acs_entrances[0].acs_entrance_id;
    const acknowledged: { ui: string; grant: string; key: string }[] = [];
    let killed = false;
    let failures = 0;
    // One guest = 3 acknowledged writes; 8 workers issue until the kill.
    const worker = async () => {
      while (!killed) {
        try {
          const ui = (await post(first.url, '/user_identities/create', {})).user_identity.user_identity_id;
          const grant = (await post(first.url, '/access_grants/create', { user_identity_id: ui, acs_entrance_ids: [entrance], requested_access_methods: [{ mode: 'mobile_key' }] })).access_grant.access_grant_id;
          const key = (await post(first.url, '/user_identities/generate_instant_key', { user_identity_id: ui })).instant_key.instant_key_id;
          acknowledged.push({ ui, grant, key });
          if (acknowledged.length >= 60 && !killed) {
            killed = true;
            first.child.kill('SIGKILL');
          }
        } catch {
          failures++; // requests in flight at the kill: never acknowledged, may or may not exist
          if (killed) return;
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    await new Promise((r) => first.child.exitCode !== null || first.child.signalCode !== null ? r(null) : first.child.once('exit', r));
    expect(first.child.signalCode).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThanOrEqual(60);

    const second = await startChild(dbPath);
    try {
      for (const a of acknowledged) {
        expect((await post(second.url, '/user_identities/get', { user_identity_id: a.ui })).user_identity.user_identity_id).toBe(a.ui);
        expect((await post(second.url, '/access_grants/get', { access_grant_id: a.grant })).access_grant.user_identity_id).toBe(a.ui);
        expect((await post(second.url, '/instant_keys/get', { instant_key_id: a.key })).instant_key.user_identity_id).toBe(a.ui);
      }
    } finally {
      second.child.kill('SIGKILL');
    }
  });
});
