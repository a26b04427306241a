/**
 * A UART that goes away (issue #18): the phone (`keyrig scan --uart`) and a lock (`keyrig lock run
 * --uart`) each on a pty that an air server bridges with socat; the test kills that socat peer
 * under the running host. Documented outcomes (README exit codes, docs/LOCK.md "Adapter loss",
 * docs/ROBUSTNESS.md): the phone exits 70 with one line naming the adapter loss; the lock logs
 * `lock radio lost` and keeps running. The air is strict: the UART hosts honour command credits.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Air, AirServer } from '@keyrig/simulator';
import { cli } from './support/cliIo.js';

const KEYRIG = resolve(fileURLToPath(import.meta.url), '../../keyrig.js');
const dir = mkdtempSync(join(tmpdir(), 'keyrig-uart-loss-'));
const air = new Air({ seed: 18, strict: true });
const server = new AirServer(air);
const children: ChildProcess[] = [];

beforeAll(async () => {
  await server.attachPty({ name: 'phone-uart', link: join(dir, 'phone') });
  await server.attachPty({ name: 'lock-uart', link: join(dir, 'lock') });
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await server.close();
  await air.close(); // strict: rejects if a UART host broke a controller rule
});

/** Resolves once `ok()` holds (polled every 50 ms), or rejects after timeoutMs of wall time. */
async function until(ok: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!ok()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}; air: ${JSON.stringify(air.controllers.map((c) => ({ name: c.name, stats: c.stats, scanning: c.scanning.enabled })))}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function killSocat(name: string): void {
  const pid = server.ptyPid(name);
  expect(pid, `socat behind ${name}`).toBeDefined();
  process.kill(pid!, 'SIGKILL');
}

describe('a UART that goes away', () => {
  it('keyrig scan --uart: exits 70 with one line naming the adapter loss', async () => {
    const c = air.controller('phone-uart');
    const scan = cli(['scan', '--uart', join(dir, 'phone'), '--timeout', '600000', '--quiet']);
    await until(() => c.scanning.enabled, 'the phone to scan on its UART');
    killSocat('phone-uart');
    const r = await scan;
    expect(r.code).toBe(70);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^keyrig scan: .*adapter lost/);
  }, 60_000);

  it('keyrig lock run --uart: logs "lock radio lost" and keeps running', async () => {
    const kit = join(dir, 'kit');
    expect(spawnSync(process.execPath, [KEYRIG, 'validate', 'init', '--out', kit], { encoding: 'utf8' }).status).toBe(0);
    const lock = spawn(process.execPath, [KEYRIG, 'lock', 'run', '--provisioning', join(kit, 'lock-provisioning.json'), '--uart', join(dir, 'lock'), '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(lock);
    let stderr = '';
    let stdout = '';
    lock.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    lock.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    const c = air.controller('lock-uart');
    // Running: started (its --json status printed, after start-up) and advertising.
    await until(() => /"locks"/.test(stdout) && c.advertising.enabled, 'the lock to run and advertise on its UART');
    killSocat('lock-uart');
    await until(() => /lock radio lost/.test(stderr), '"lock radio lost" in the lock\'s log');
    expect(lock.exitCode).toBeNull();
  }, 60_000);
});
