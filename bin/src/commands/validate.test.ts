/**
 * `keyrig validate`: the emulated reference lock passes and prints the JSON the issue specifies;
 * a fault profile fails with exit 3; bad usage exits 2; and the real-lock path — a conformance kit
 * from `validate init`, the lock in its own process (`keyrig lock run`) on an air server, the
 * phone joining over the air server — passes every test a device can run.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { captureIo, cli } from '../../test/support/cliIo.js';
import { runValidate } from './validate.js';

const KEYRIG = resolve(fileURLToPath(import.meta.url), '../../../keyrig.js');


interface Json {
  total: number;
  passed: number;
  failed: number;
  skipped: number;
  results: { id: string; title: string; status: string; section?: string; detail?: string }[];
}

describe('keyrig validate', () => {
  it('--emulated --json: the reference lock passes every applicable test', async () => {
    const c = captureIo();
    expect(await runValidate({ emulated: true, json: true, quiet: true }, c.io)).toBe(0);
    const j = JSON.parse(c.stdout()) as Json;
    expect(j.total).toBeGreaterThanOrEqual(20);
    expect(j).toMatchObject({ passed: j.total, failed: 0 });
    // Each result names the PROTOCOL.md section it checks (issue #18); the advertisement test is §1.
    expect(Object.keys(j.results[0]!)).toEqual(['id', 'title', 'status', 'section']);
    expect(j.results.find((r) => r.id === 'KR/LOCK/ADV/BV-01-C')).toMatchObject({ section: 'PROTOCOL.md §1 Advertisement' });
    expect(j.results.every((r) => /^PROTOCOL\.md §\d+(\.\d+)? /.test(r.section ?? ''))).toBe(true);
  }, 60_000);

  it('--emulated --fault leaks-audit: the table shows the failure and the exit code is 3; --junit writes it', async () => {
    const c = captureIo();
    const junit = join(mkdtempSync(join(tmpdir(), 'keyrig-validate-junit-')), 'out', 'conformance.xml');
    expect(await runValidate({ emulated: true, fault: ['leaks-audit'], quiet: true, junit }, c.io)).toBe(3);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(/<testsuites name="keyrig conformance" tests="\d+" failures="1" errors="0" skipped="0"/);
    expect(xml).toContain('name="KR/LOCK/GATT/BI-01-C The unauthenticated info read discloses no audit records"');
    expect(c.stdout()).toMatch(/KR\/LOCK\/GATT\/BI-01-C\s+FAIL/);
    expect(c.stdout()).toMatch(/KR\/LOCK\/GATT\/BI-01-C\s+FAIL\s+The unauthenticated info read discloses no audit records \(PROTOCOL\.md §2\.1 Info characteristic\)/);
    expect(c.stdout()).toMatch(/passed, 1 failed/);
  }, 60_000);

  it('root causes: a lock that does not sign LOCK_AUTH is named as the phone refusing its signature; a lock ERROR as the lock answering (issue #18)', async () => {
    // PROTOCOL.md: LOCK_AUTH_FAILED is the phone's verdict on the lock; STALE_BLOB is the lock's answer.
    const c = captureIo();
    expect(await runValidate({ emulated: true, fault: ['skips-lock-signature'], only: ['KR/LOCK/AUTH/BV-01-C', 'KR/LOCK/AUTH/BI-01-C'], json: true, quiet: true, logLevel: 'silent' }, c.io)).toBe(3);
    const j = JSON.parse(c.stdout()) as Json;
    expect(j.results.map((r) => r.status)).toEqual(['failed', 'failed']);
    for (const r of j.results) {
      expect(r.detail).toContain("the phone could not verify the lock's signature (LOCK_AUTH_FAILED)");
      expect(r.detail).not.toMatch(/the lock (refused|answered)/);
    }
    const s = captureIo();
    expect(await runValidate({ emulated: true, fault: ['refuses-stale-blocklist'], only: ['KR/LOCK/BLK/BV-02-C'], json: true, quiet: true, logLevel: 'silent' }, s.io)).toBe(3);
    const d = (JSON.parse(s.stdout()) as Json).results[0]!.detail;
    expect(d).toContain('the lock answered STALE_BLOB');
    expect(d).not.toContain('the phone');
  }, 60_000);

  it('--kill-rate runs the suite per fault profile; profiles the selected tests miss make it exit 3', async () => {
    const c = captureIo();
    // One test only (cheap): it catches leaks-audit and skips-lock-signature, nothing else.
    expect(await runValidate({ killRate: true, only: ['KR/LOCK/GATT/BI-01-C'], json: true, quiet: true, logLevel: 'silent' }, c.io)).toBe(3);
    const j = JSON.parse(c.stdout()) as { profiles: number; killed: number; killRate: number; results: { fault: string; failed: number }[] };
    expect(j.profiles).toBeGreaterThanOrEqual(12);
    expect(j.results.filter((r) => r.failed > 0).map((r) => r.fault).sort()).toEqual(['leaks-audit', 'skips-lock-signature']);
    expect(j.killRate).toBeCloseTo(2 / j.profiles);
  }, 90_000);

  it('refuses bad usage with exit code 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyrig-validate-'));
    const badCaps = join(dir, 'caps.json');
    writeFileSync(badCaps, JSON.stringify({ version: 1, lock_types: [] }));
    for (const [args, message] of [
      [['--emulated', '--fault', 'no-such-bug'], /unknown fault profile/],
      [[], /give --emulated, or --provisioning/],
      [['--emulated', '--capabilities', badCaps], /lock_types must be/],
      [['--emulated', '--only', 'KR/LOCK/NOPE/BV-01-C'], /unknown conformance test id/],
      [['--emulated', '--lock-type', 'gate'], /--lock-type/],
    ] as const) {
      const r = await cli(['validate', ...args, '--quiet']);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });

  it('a lock that is not there: one bounded scan, one "no lock heard" naming what and where, exit 4 (issue #18)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyrig-validate-absent-'));
    const kit = join(dir, 'kit');
    const init = spawnSync(process.execPath, [KEYRIG, 'validate', 'init', '--out', kit], { encoding: 'utf8' });
    expect(init.status, init.stderr).toBe(0);
    const lockId = (JSON.parse(readFileSync(join(kit, 'lock-provisioning.json'), 'utf8')) as { locks: { lock_id: string }[] }).locks[0]!.lock_id;
    const sock = join(dir, 'air.sock');
    // An air server with no lock on it: the phone joins, hears nothing.
    const air = spawn(process.execPath, [KEYRIG, 'air', 'serve', '--unix', sock, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      await new Promise<void>((ok, ko) => {
        let out = '';
        air.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          if (/"url"/.test(out)) ok();
        });
        air.on('exit', (code) => ko(new Error(`air exited with ${code}`)));
      });
      const v = await cli(['validate', '--provisioning', join(kit, 'lock-provisioning.json'), '--provider-key', join(kit, 'provider-key.json'), '--air', `unix:${sock}`, '--quiet']);
      expect(v.code, v.stderr).toBe(4);
      expect(v.stdout).toBe(''); // no table: not 26 FAILs
      expect(v.stderr.match(/no lock heard/g)).toHaveLength(1);
      expect(v.stderr).toContain(lockId);
      expect(v.stderr).toContain(`air unix:${sock}`);
      expect(v.stderr).not.toMatch(/FAIL/);
    } finally {
      air.kill('SIGTERM');
    }
  }, 60_000);

  it('validates a lock running in another process, reached over an air server', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyrig-validate-device-'));
    const kit = join(dir, 'kit');
    const init = spawnSync(process.execPath, [KEYRIG, 'validate', 'init', '--out', kit, '--lock-type', 'elevator'], { encoding: 'utf8' });
    expect(init.status, init.stderr).toBe(0);
    const sock = join(dir, 'air.sock');
    const children: ChildProcess[] = [];
    const start = (args: string[], ready: RegExp) =>
      new Promise<ChildProcess>((resolveStart, reject) => {
        const child = spawn(process.execPath, [KEYRIG, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
        children.push(child);
        let out = '';
        child.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          if (ready.test(out)) resolveStart(child);
        });
        child.on('exit', (code) => reject(new Error(`${args[0]} exited with ${code}`)));
      });
    try {
      await start(['air', 'serve', '--unix', sock, '--json'], /"url"/);
      await start(['lock', 'run', '--provisioning', join(kit, 'lock-provisioning.json'), '--air', `unix:${sock}`, '--json'], /"locks"/);
      const v = spawnSync(
        process.execPath,
        [KEYRIG, 'validate', '--provisioning', join(kit, 'lock-provisioning.json'), '--provider-key', join(kit, 'provider-key.json'), '--capabilities', join(kit, 'capabilities.json'), '--air', `unix:${sock}`, '--json', '--quiet'],
        { encoding: 'utf8', timeout: 120_000 },
      );
      const j = JSON.parse(v.stdout || '{}') as Json;
      expect(j.results?.filter((r) => r.status === 'failed') ?? v.stderr).toEqual([]);
      expect(v.status).toBe(0);
      // A phone cannot make a device's clock run fast or slow: those tests need the emulated target.
      expect(j.results.filter((r) => r.status === 'skipped').map((r) => r.id)).toEqual(['KR/LOCK/TIME/BV-01-C', 'KR/LOCK/TIME/BV-02-C']);
      expect(j.passed).toBe(j.total - 2);
      expect(j.results.map((r) => r.id)).toContain('KR/LOCK/ACC/BV-02-C'); // elevator floors
    } finally {
      for (const c of children) c.kill('SIGTERM');
    }
  }, 150_000);
});
