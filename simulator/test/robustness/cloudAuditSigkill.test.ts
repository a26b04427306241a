/**
 * Crash safety of audit upload: phones relay lock audit records to the cloud from 8 concurrent
 * clients; the cloud (a child process on a SQLite file) is killed with SIGKILL mid-burst and
 * restarted on the same file. Every record whose upload was acknowledged is an event afterwards,
 * and uploading an acknowledged batch again records nothing twice (the dedupe key survived).
 * (Issuance under SIGKILL: simulator/test/cloud/sigkill.test.ts.) Runs the built package.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { CommandOp, ResultCode } from '@keyrig/protocol';
import { lockAuditSealer } from '../cloud/testCloud.js';

const fixture = join(import.meta.dirname, '..', 'cloud', 'fixtures', 'serveCloud.mjs');
const API_KEY = 'seam_test_audit_sigkill_0123456789abcdefgh';

function startChild(dbPath: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [fixture, dbPath, API_KEY], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => resolve({ child, url: (JSON.parse(line) as { url: string }).url }));
    child.once('exit', (code) => reject(new Error(`cloud child exited early with ${code}`)));
  });
}

async function post(url: string, path: string, body: unknown, token = API_KEY): Promise<any> {
  const res = await fetch(`${url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

const exited = (c: ChildProcess) => new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(null) : c.once('exit', r)));

describe('SIGKILL during audit upload', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyrig-audit-sigkill-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loses no acknowledged record and records none twice after the restart', async () => {
    const dbPath = join(dir, 'cloud.db');
    const first = await startChild(dbPath);
    const entrances = (await post(first.url, '/acs/entrances/list', {})).acs_entrances as any[];
    const lockId = entrances[0].keyrig_metadata.lock_ids[0] as string;
    const ui = (await post(first.url, '/user_identities/create', {})).user_identity.user_identity_id;
    await post(first.url, '/access_grants/create', { user_identity_id: ui, acs_entrance_ids: [entrances[0].acs_entrance_id], requested_access_methods: [{ mode: 'mobile_key' }] });
    const url = (await post(first.url, '/user_identities/generate_instant_key', { user_identity_id: ui })).instant_key.instant_key_url;
    const token = (await post(first.url, '/instant_keys/open', { instant_key_url: url }, '')).client_session.token as string;

    // Records sealed by the lock (PROTOCOL.md §10.1), as a phone relays them.
    const seal = await lockAuditSealer({ call: async (path) => ({ body: await post(first.url, path, {}) }) }, lockId);
    let nextSequence = 1;
    const batch = async () => {
      const sequences = Array.from({ length: 5 }, () => nextSequence++);
      const sealed = await seal(sequences.map((sequence) => ({ sequence, time: Date.UTC(2026, 5, 1) + sequence, credentialId: '00000000-0000-0000-0000-000000000000', op: CommandOp.HANDSHAKE, resultCode: ResultCode.BAD_SIGNATURE, floors: [] })));
      return sealed.map((s, i) => ({ ...s, sequence: sequences[i]! }));
    };
    const acknowledged: { lock_id: string; record: string; sequence: number }[][] = [];
    let killed = false;
    const worker = async () => {
      while (!killed) {
        const b = await batch();
        try {
          const r = await post(first.url, '/phone/audit/upload', { records: b.map(({ lock_id, record }) => ({ lock_id, record })) }, token);
          expect(r.audit_upload.recorded).toBe(5);
          acknowledged.push(b);
          if (acknowledged.length >= 40 && !killed) {
            killed = true;
            first.child.kill('SIGKILL');
          }
        } catch (e) {
          if (!killed) throw e; // only requests in flight at the kill may fail
          return;
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    await exited(first.child);
    expect(first.child.signalCode).toBe('SIGKILL');

    const second = await startChild(dbPath);
    try {
      const events = (await post(second.url, '/events/list', { event_types: ['lock.access_denied'], limit: 10_000 })).events as any[];
      const stored = new Set(events.map((e) => e.keyrig_metadata.audit_sequence as number));
      const missing = acknowledged.flat().filter((r) => !stored.has(r.sequence));
      expect(missing.map((r) => r.sequence)).toEqual([]);
      // No duplicates, and an acknowledged batch uploaded again records nothing.
      expect(events.length).toBe(stored.size);
      const again = await post(second.url, '/phone/audit/upload', { records: acknowledged[0]!.map(({ lock_id, record }) => ({ lock_id, record })) }, token);
      expect(again.audit_upload.recorded).toBe(0);
    } finally {
      second.child.kill('SIGKILL');
      await exited(second.child);
    }
  }, 60_000);
});
