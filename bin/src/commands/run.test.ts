/**
 * `keyrig run`: shards listed through the CLI partition the full list; a real run in a child
 * process writes JUnit and HTML reports and prints JSON; a failing user suite exits 3; bad flags 2.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseShard } from '@keyrig/scenarios';
import { captureIo, cli } from '../../test/support/cliIo.js';
import { parseReporters, runRun } from './run.js';

const KEYRIG = resolve(fileURLToPath(import.meta.url), '../../../keyrig.js');


async function listIds(shard?: string): Promise<string[]> {
  const c = captureIo();
  expect(await runRun([], { list: true, json: true, ...(shard ? { shard: parseShard(shard) } : {}) }, c.io)).toBe(0);
  return (JSON.parse(c.stdout()) as { scenarios: { id: string }[] }).scenarios.map((s) => s.id);
}

describe('keyrig run', () => {
  it('the union of --shard i/n over i is the full run, with no scenario twice', async () => {
    const all = await listIds();
    expect(all.length).toBeGreaterThanOrEqual(20);
    for (const n of [2, 3, 5]) {
      const parts: string[][] = [];
      for (let i = 1; i <= n; i++) parts.push(await listIds(`${i}/${n}`));
      const union = parts.flat();
      expect(new Set(union).size).toBe(union.length);
      expect([...union].sort()).toEqual([...all].sort());
    }
  });

  it('runs selected scenarios in a child process: progress on stderr, JSON on stdout, JUnit and HTML files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyrig-run-cli-'));
    const junit = join(dir, 'reports', 'junit.xml');
    const html = join(dir, 'reports', 'report.html');
    const r = spawnSync(process.execPath, [KEYRIG, 'run', '--grep', 'check-in opens|replayed unlock', '--reporter', `junit=${junit},html=${html}`, '--json'], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as { total: number; passed: number; failed: number; results: { id: string; status: string }[] };
    expect(summary).toMatchObject({ total: 2, passed: 2, failed: 0 });
    expect(summary.results.map((x) => x.id).sort()).toEqual(['attacks/a-replayed-unlock-command-is-refused', 'guest-stay/check-in-opens-the-room-the-permitted-elevator-floors-and-the-gym']);
    expect(r.stderr).toMatch(/\[1\/2\] ✓ /);
    expect(readFileSync(junit, 'utf8')).toContain('<testsuites name="keyrig scenarios" tests="2" failures="0" errors="0"');
    expect(readFileSync(html, 'utf8')).toContain('<svg ');
  }, 150_000);

  it('a failing user suite file exits 3 and reports the failure after retries', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyrig-run-suite-'));
    const file = join(dir, 'mySuite.mjs');
    // A suite written without imports (a plain object is a suite); its check fails on purpose.
    writeFileSync(
      file,
      `export default { name: 'mine', title: 'Mine', scenarios: [{ id: 'mine/never', suite: 'mine', title: 'never', tags: ['mine'],
        run: async (w) => w.check(w.clock.now() < 0, 'time runs backwards') }] };\n`,
    );
    const r = spawnSync(process.execPath, [KEYRIG, 'run', file, '--retries', '1', '--json', '--quiet'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(3);
    expect(JSON.parse(r.stdout)).toMatchObject({ total: 1, failed: 1, results: [{ id: 'mine/never', status: 'failed', attempts: 2, message: 'time runs backwards' }] });
    expect(existsSync(file)).toBe(true);
  }, 90_000);

  it('runs the portable scenarios against locks in another process (device target over an air server)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyrig-run-device-'));
    const run = (args: string[]) => spawnSync(process.execPath, [KEYRIG, ...args], { encoding: 'utf8', timeout: 120_000 });
    expect(run(['run', '--write-property', join(dir, 'property.json')]).status).toBe(0);
    const prov = run(['cloud', 'provision', '--db', join(dir, 'cloud.db'), '--create', '--property', join(dir, 'property.json'), '--out', join(dir, 'locks.json'), '--log-level', 'silent']);
    expect(prov.status, prov.stderr).toBe(0);
    const sock = join(dir, 'air.sock');
    const children: ChildProcess[] = [];
    const start = (args: string[], ready: RegExp) =>
      new Promise<void>((resolveStart, reject) => {
        const child = spawn(process.execPath, [KEYRIG, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
        children.push(child);
        let out = '';
        child.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          if (ready.test(out)) resolveStart();
        });
        child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
      });
    try {
      await start(['air', 'serve', '--unix', sock, '--json'], /"url"/);
      await start(['lock', 'run', '--provisioning', join(dir, 'locks.json'), '--air', `unix:${sock}`, '--state-dir', join(dir, 'state'), '--json'], /"locks"/);
      const r = run(['run', '--target', `air:unix:${sock}`, '--cloud-db', join(dir, 'cloud.db'), '--json', '--quiet', '--log-level', 'silent']);
      const j = JSON.parse(r.stdout || '{}') as { total: number; passed: number; failed: number; skipped: number; results: { id: string; status: string; message?: string }[] };
      expect(j.results?.filter((x) => x.status !== 'passed' && x.status !== 'skipped') ?? r.stderr).toEqual([]);
      expect(r.status).toBe(0);
      expect(j.passed).toBeGreaterThanOrEqual(10);
      expect(j.passed + j.skipped).toBe(j.total);
      expect(j.results.find((x) => x.id.startsWith('revocation/'))?.status).toBe('passed');
      expect(j.results.find((x) => x.id.startsWith('radio/'))).toMatchObject({ status: 'skipped', message: expect.stringMatching(/emulated target/) });
    } finally {
      for (const c of children) c.kill('SIGTERM');
    }
  }, 150_000);

  it('refuses bad flags with exit code 2', async () => {
    for (const [args, message] of [
      [['--shard', '4/3'], /shard/],
      [['--reporter', 'xml=out.xml'], /--reporter.*wants junit=FILE/],
      [['--target', 'hci:0'], /--cloud-db/],
      [['--target', 'bluetooth'], /--target.*wants emulated/],
      [['--cloud-db', 'x.db'], /device targets/],
      [['--retries', '-1'], /--retries/],
      [['/nonexistent/suites'], /no such file/],
      [['--grep', '('], /regular expression/],
    ] as const) {
      const r = await cli(['run', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    expect(parseReporters('junit=a.xml,html=b.html')).toEqual({ junit: 'a.xml', html: 'b.html' });
    expect(parseReporters('html=c.html', { junit: 'a.xml' })).toEqual({ junit: 'a.xml', html: 'c.html' });
  });
});
