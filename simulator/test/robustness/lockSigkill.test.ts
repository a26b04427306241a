/**
 * Crash safety of the lock: a lock in its own process serves phones that bring ever newer
 * blocklists and key sequences; it is killed with SIGKILL mid-stream and booted again from its
 * state directory. Everything a phone saw acknowledged survives — the audit records (and the
 * sequence counter), the blocklist version and the stored key sequence — and the state file is
 * whole. (The graceful restart is simulator/test/lock/restart.ble.test.ts.)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { CommandOp, ManualClock, ResultCode } from '@keyrig/protocol';
import { LockFirmware } from '../../src/lock/LockFirmware.js';
import { FileStateStore } from '../../src/lock/stateStore.js';
import type { LockProvisioning } from '../../src/property/provisioning.js';
import { credentialFor, silentLogger, T0 } from '../lock/fixtures.js';

const repo = join(import.meta.dirname, '..', '..', '..');
const viteNode = join(repo, 'node_modules/.bin/vite-node');

interface Ack {
  auditSequence: number;
  blocklistVersion: number;
  keySequence: number;
  credentialId: string;
}

describe('lock killed with SIGKILL', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'keyrig-lock-sigkill-'));
  afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

  it('boots with every acknowledged audit record, the blocklist version and key sequence it had acknowledged', async () => {
    const child = spawn(viteNode, [join(import.meta.dirname, 'child', 'lockUnderLoad.ts'), stateDir], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
    const acks: Ack[] = [];
    await new Promise<void>((resolve, reject) => {
      child.once('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`lock child exited by itself: ${code}`))));
      createInterface({ input: child.stdout! }).on('line', (line) => {
        if (!line.startsWith('ack ')) return;
        acks.push(JSON.parse(line.slice(4)) as Ack);
        if (acks.length === 25) child.kill('SIGKILL');
      });
    });
    expect(acks.length).toBeGreaterThanOrEqual(25);
    const last = acks.at(-1)!;

    const provisioning = JSON.parse(readFileSync(join(stateDir, 'provisioning.json'), 'utf8')) as LockProvisioning;
    const store = new FileStateStore(stateDir, provisioning.lock_id);
    expect(() => JSON.parse(readFileSync(store.path, 'utf8'))).not.toThrow();
    const firmware = new LockFirmware({ provisioning, clock: new ManualClock(T0 + 60_000), logger: silentLogger, store });
    const status = firmware.status();
    expect(status.counters.boots).toBe(2);
    expect(status.blocklistVersion).toBeGreaterThanOrEqual(last.blocklistVersion);
    expect(status.auditHighWater).toBeGreaterThanOrEqual(last.auditSequence);
    const records = new Map(firmware.auditRecords(1, 10_000).map((r) => [r.sequence, r]));
    for (const a of acks) {
      expect(records.get(a.auditSequence), `audit record ${a.auditSequence}`).toMatchObject({ credentialId: a.credentialId, resultCode: ResultCode.GRANTED, op: CommandOp.UNLOCK });
    }
    // The stored key sequence survived: the grant's older key is now SUPERSEDED.
    const older = credentialFor(provisioning, { accessGrantId: 'grant-under-load', keySequences: { [provisioning.lock_id]: last.keySequence - 1 }, credentialId: 'c0ffee00-0000-4000-8000-0000000000aa' });
    expect((await firmware.portFor(firmware.openSession()).decide(older, { op: CommandOp.UNLOCK, floors: [] })).code).toBe(ResultCode.SUPERSEDED);
    // That refusal was audited with the next number: the sequence goes on, never reusing one.
    expect(firmware.auditHighWater()).toBe(status.auditHighWater + 1);
  }, 90_000);
});
