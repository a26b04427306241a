/**
 * `keyrig demo` as a user runs it: a child process of bin/keyrig.js (the built CLI). It must
 * tell the whole story, exit on its own (no handle left open by bleno, noble, the cloud or the
 * air) and leave no temp dir behind.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const cli = join(import.meta.dirname, '..', 'keyrig.js');
const scratch = mkdtempSync(join(tmpdir(), 'keyrig-demo-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function runCli(args: string[], tmp: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmp };
    delete env.KEYRIG_LOG_LEVEL;
    const child = spawn(process.execPath, [cli, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    // Generous: the demo takes a few seconds; a hang (open handle) would never exit.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`keyrig ${args.join(' ')} did not exit within 60 s (open handles?)\n${stderr}`));
    }, 60_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('keyrig demo', () => {
  it('tells the story as JSON, exits 0 on its own, cleans its temp dir, writes captures', { timeout: 90_000 }, async () => {
    const tmp = mkdtempSync(join(scratch, 'tmp-'));
    const captures = join(scratch, 'captures');
    const r = await runCli(['demo', '--json', '--profile', 'floor', '--capture', captures], tmp);
    expect(r.stderr).toMatch(/keyrig: starting the cloud/);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.profile).toBe('floor');
    expect(out.ok).toBe(true);
    expect(out.steps.map((s: any) => [s.entrance, s.type, s.action, s.outcome, s.codeName])).toEqual([
      ['Room 301', 'door', 'unlock', 'granted', 'GRANTED'],
      ['Elevator', 'elevator', 'selectFloors', 'granted', 'GRANTED'],
      ['Gym', 'amenity', 'unlock', 'granted', 'GRANTED'],
      ['Room 301', 'door', 'unlock', 'denied', 'EXPIRED'],
    ]);
    expect(out.steps.map((s: any) => s.code)).toEqual([0, 0, 0, 1]);
    expect(out.steps[1].grantedFloors).toEqual([3]);
    for (const s of out.steps) expect(s.simLatencyMs).toBeGreaterThan(0);
    expect(out.cloudEvents['lock.unlocked']).toBe(3);
    expect(readdirSync(tmp)).toEqual([]); // the demo's SQLite and lock state are gone
    const files = readdirSync(captures).sort();
    expect(files).toContain('phone.btsnoop');
    expect(files.filter((f) => f.startsWith('lock-'))).toHaveLength(3);
    expect(readFileSync(join(captures, 'phone.btsnoop')).subarray(0, 8).toString('latin1')).toBe('btsnoop\0');
  });

  it('prints a readable timeline by default; a bad profile is a usage error', { timeout: 90_000 }, async () => {
    const tmp = mkdtempSync(join(scratch, 'tmp-'));
    const r = await runCli(['demo', '--quiet'], tmp);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/timing profile ios-like/);
    expect(r.stdout).toMatch(/Room 301 +door +unlock +GRANTED +\d+\.\d ms/);
    expect(r.stdout).toMatch(/DENIED EXPIRED/);
    expect(r.stderr).toBe('');
    const bad = await runCli(['demo', '--profile', 'warp'], tmp);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--profile <name>' argument 'warp' is invalid. Allowed choices are floor, ios-like, android-like/);
  });

  it('--lock-mcu none runs the locks without crypto time: the same story, a shorter handshake; a bad name is a usage error', { timeout: 90_000 }, async () => {
    const tmp = mkdtempSync(join(scratch, 'tmp-'));
    const charged = JSON.parse((await runCli(['demo', '--json', '--quiet', '--profile', 'floor'], tmp)).stdout);
    const none = await runCli(['demo', '--json', '--quiet', '--profile', 'floor', '--lock-mcu', 'none'], tmp);
    expect(none.code).toBe(0);
    const out = JSON.parse(none.stdout);
    expect(charged.lockMcu).toBe('nrf52840');
    expect(out.lockMcu).toBe('none');
    expect(out.steps.map((s: any) => s.codeName)).toEqual(['GRANTED', 'GRANTED', 'GRANTED', 'EXPIRED']);
    // At floor's 7.5 ms interval the nRF52840's 28 + 44 ms of public-key work delay both lock replies.
    for (let i = 0; i < 3; i++) expect(out.steps[i].simPhasesMs.handshake).toBeLessThan(charged.steps[i].simPhasesMs.handshake - 30);
    const bad = await runCli(['demo', '--lock-mcu', 'z80'], tmp);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--lock-mcu <name>' argument 'z80' is invalid. Allowed choices are nrf52840, none/);
  });
});
