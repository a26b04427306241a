/**
 * `keyrig lock`: fault listing, and `lock run` starting the locks of a provisioning file made by
 * the access cloud (provisionOffline), printing their status, persisting state, and refusing bad
 * usage with exit code 2.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PassThrough } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { FAULT_PROFILES, provisionOffline } from '@keyrig/simulator';
import { cli } from '../../test/support/cliIo.js';
import { runLockRun } from './lock.js';

const KEYRIG = resolve(fileURLToPath(import.meta.url), '../../../keyrig.js');

/** Starts a keyrig process and resolves once its stdout matches `ready`. */
function start(args: string[], ready: RegExp, children: ChildProcess[]): Promise<string> {
  return new Promise((ok, ko) => {
    const child = spawn(process.execPath, [KEYRIG, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (ready.test(out)) ok(out);
    });
    child.on('exit', (code) => ko(new Error(`${args.slice(0, 2).join(' ')} exited with ${code}`)));
  });
}

async function provisioningFile(dir: string): Promise<string> {
  const file = await provisionOffline({ dbPath: join(dir, 'cloud.db'), logger: pino({ level: 'silent' }) });
  const path = join(dir, 'locks.json');
  writeFileSync(path, JSON.stringify(file));
  return path;
}

function capture(): { out: PassThrough; text: () => string } {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => (text += d.toString()));
  return { out, text: () => text };
}

describe('keyrig lock', () => {
  it('faults --json lists every profile as { name, description }', async () => {
    const r = await cli(['lock', 'faults', '--json']);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as { name: string; description: string }[];
    expect(list).toEqual(FAULT_PROFILES.map(({ name, description }) => ({ name, description })));
    expect(list.length).toBeGreaterThanOrEqual(12);
  });

  it('run starts every lock of a provisioning file, prints JSON status and persists state', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyrig-lock-cli-'));
    const provisioning = await provisioningFile(dir);
    const stateDir = join(dir, 'state');
    const { out, text } = capture();
    const code = await runLockRun(
      { provisioning, stateDir, json: true, fault: ['leaks-audit'], exitAfter: 200, logLevel: 'silent' },
      new AbortController().signal,
      { stdout: out, stderr: new PassThrough() },
    );
    expect(code).toBe(0);
    const status = JSON.parse(text()) as { locks: { name: string; type: string; faults: string[]; busy: boolean }[] };
    expect(status.locks.map((l) => l.type).sort()).toEqual(['amenity', 'amenity', 'door', 'door', 'door', 'elevator']);
    expect(status.locks.every((l) => l.faults.join() === 'leaks-audit' && l.busy === false)).toBe(true);
    expect(readdirSync(stateDir).filter((f) => f.startsWith('lock-'))).toHaveLength(6);

    // --lock picks one lock by name.
    const one = capture();
    expect(await runLockRun({ provisioning, lock: ['Room 101'], json: true, exitAfter: 50, logLevel: 'silent' }, new AbortController().signal, { stdout: one.out, stderr: new PassThrough() })).toBe(0);
    expect((JSON.parse(one.text()) as { locks: { name: string }[] }).locks.map((l) => l.name)).toEqual(['Room 101']);
  });

  it('run --position x,y,z places the lock on an air server: the phone hears it at the path loss of that distance, at the address --json shows (issue #18)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyrig-lock-position-'));
    const kit = join(dir, 'kit');
    expect(spawnSync(process.execPath, [KEYRIG, 'validate', 'init', '--out', kit], { encoding: 'utf8' }).status).toBe(0);
    const sock = join(dir, 'air.sock');
    const children: ChildProcess[] = [];
    try {
      await start(['air', 'serve', '--unix', sock, '--json'], /"url"/, children);
      const started = await start(['lock', 'run', '--provisioning', join(kit, 'lock-provisioning.json'), '--air', `unix:${sock}`, '--position', '30,0,2', '--json', '--log-level', 'silent'], /"locks"/, children);
      const heard: { rssi: number; address: string }[] = [];
      const rssiAt = async (pos: string) => {
        const r = await cli(['scan', '--air', `unix:${sock}`, '--position', pos, '--json', '--quiet', '--timeout', '1500']);
        heard.push(...(JSON.parse(r.stdout) as { locks: { rssi: number; address: string }[] }).locks);
        return heard.at(-1)?.rssi;
      };
      // docs/AIR.md path loss PL(d) = 40 dB + 22·log10(d), 0 dBm transmit, σ 2 dB:
      // from 0,0: d = √(30² + 2²) ≈ 30.07 m -> -72.5 dBm; from 29,0: d = √(1 + 4) ≈ 2.24 m -> -47.7 dBm.
      const far = await rssiAt('0,0');
      const near = await rssiAt('29,0');
      expect(far).toBeGreaterThan(-80);
      expect(far).toBeLessThan(-66);
      expect(near).toBeGreaterThan(-54);
      expect(near).toBeLessThan(-42);
      // The address `lock run --json` shows on an air server (was null) is the one phones hear.
      const address = (JSON.parse(started) as { locks: { address: string | null }[] }).locks[0]!.address;
      expect(address).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
      expect(heard.map((h) => h.address)).toEqual([address, address]);
    } finally {
      for (const c of children) c.kill('SIGTERM');
    }
  }, 60_000);

  it('run --uart --json shows the address bleno read from the controller (a pty of an air server), the one phones hear (issue #18)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyrig-lock-uart-'));
    const kit = join(dir, 'kit');
    expect(spawnSync(process.execPath, [KEYRIG, 'validate', 'init', '--out', kit], { encoding: 'utf8' }).status).toBe(0);
    const sock = join(dir, 'air.sock');
    const tty = join(dir, 'lock.tty');
    const children: ChildProcess[] = [];
    try {
      await start(['air', 'serve', '--unix', sock, '--pty', `lock=${tty}`, '--json'], /"url"/, children);
      const started = await start(['lock', 'run', '--provisioning', join(kit, 'lock-provisioning.json'), '--uart', tty, '--json', '--log-level', 'silent'], /"locks"/, children);
      const lock = (JSON.parse(started) as { locks: { radio: string; address: string | null }[] }).locks[0]!;
      expect(lock.radio).toBe(`uart:${tty}`);
      expect(lock.address).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
      const r = await cli(['scan', '--air', `unix:${sock}`, '--json', '--quiet', '--timeout', '1500']);
      expect((JSON.parse(r.stdout) as { locks: { address: string }[] }).locks.map((l) => l.address)).toEqual([lock.address]);
    } finally {
      for (const c of children) c.kill('SIGTERM');
    }
  }, 60_000);

  it('refuses bad usage with exit code 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyrig-lock-cli-'));
    const provisioning = await provisioningFile(dir);
    const run = (o: Parameters<typeof runLockRun>[0]) =>
      runLockRun({ logLevel: 'silent', exitAfter: 10, ...o }, new AbortController().signal, { stdout: new PassThrough(), stderr: new PassThrough() });
    expect(await run({})).toBe(2);
    expect(await run({ provisioning, fault: ['no-such-bug'] })).toBe(2);
    expect(await run({ provisioning, hci: 0 })).toBe(2); // a real adapter runs one lock
    expect((await cli(['lock', 'run', '--provisioning', provisioning, '--hci', '0', '--uart', '/dev/ttyACM0'])).code).toBe(2);
    expect((await cli(['lock', 'run', '--provisioning', provisioning, '--fault', 'no-such-bug'])).stderr).toMatch(/unknown fault profile/);
    expect(await run({ provisioning, lock: ['Nowhere'] })).toBe(2);
    expect(await run({ provisioning: join(dir, 'missing.json') })).toBe(2);
    expect(await run({ provisioning, behaviour: '{"maxSessions":0}' })).toBe(2);
    expect(await run({ provisioning, behaviour: '{maxSessions' })).toBe(2);
    expect(await run({ provisioning, behaviour: join(dir, 'no-such-file.json') })).toBe(2);
    expect(await run({ provisioning, position: { x: 1, y: 2 } })).toBe(2); // several locks: --position places one
    expect(await run({ provisioning, lock: ['Room 101'], hci: 0, position: { x: 1, y: 2 } })).toBe(2); // not on a real adapter
    expect((await cli(['lock', 'run', '--provisioning', provisioning, '--position', '1;2'])).stderr).toMatch(/x,y or x,y,z/);
    expect(existsSync(provisioning)).toBe(true);
  });
});
