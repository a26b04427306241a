/**
 * The lock (bleno) in a child process, the phone (noble) in this one: over the air server (TCP,
 * virtual driver) and over a pty with bleno's own UART driver. The child must exit by itself
 * after bleno.stop() — nothing left hanging.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { systemClock } from '@keyrig/protocol';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Air, AirServer, remoteAirBindings } from '../../src/air/index.js';
import { discoverLock, findCharacteristics, startLock, startPhone, teardown, waitFor, type Noble } from './fixtures.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');
const viteNode = join(repo, 'node_modules/.bin/vite-node');
const hasSocat = spawnSync('socat', ['-V'], { stdio: 'ignore' }).status === 0;
if (!hasSocat && process.env.CI) throw new Error('socat is required in CI (apt-get install socat)');

interface Child {
  proc: ChildProcess;
  lines: string[];
  waitLine(prefix: string, ms?: number): Promise<string>;
  exited: Promise<number | null>;
}

function startChild(config: object): Child {
  const proc = spawn(viteNode, [join(here, 'child/lockProcess.ts')], {
    cwd: repo,
    env: { ...process.env, KEYRIG_CHILD: JSON.stringify(config) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  const waiters: { prefix: string; resolve: (l: string) => void }[] = [];
  createInterface({ input: proc.stdout! }).on('line', (l) => {
    lines.push(l);
    for (const w of [...waiters]) if (l.startsWith(w.prefix)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(l);
    }
  });
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  return {
    proc,
    lines,
    exited,
    waitLine: (prefix, ms = 25_000) => {
      const seen = lines.find((l) => l.startsWith(prefix));
      if (seen) return Promise.resolve(seen);
      return systemClock.timeout(new Promise<string>((r) => waiters.push({ prefix, resolve: r })), ms, `child line "${prefix}"`);
    },
  };
}

async function loop(phone: Noble, child: Child): Promise<void> {
  const p = await discoverLock(phone, 25_000);
  await p.connectAsync();
  if (p.mtu === null) await waitFor(p, 'mtu');
  expect(p.mtu).toBe(256);
  const { value, events } = await findCharacteristics(p);
  await value.writeAsync(Buffer.from('cross-process-write'), false);
  expect(await child.waitLine('write ')).toBe(`write ${Buffer.from('cross-process-write').toString('hex')}`);
  const notified = new Promise<Buffer>((r) => events.on('data', (d) => r(d)));
  await events.subscribeAsync();
  child.proc.stdin!.write('notify granted\n');
  expect((await systemClock.timeout(notified, 10_000, 'notification')).toString()).toBe('granted');
  expect((await value.readAsync()).toString()).toBe('cross-process-write');
  expect(await p.updateRssiAsync()).toBeLessThan(0);
  await p.disconnectAsync();
}

describe('across processes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyrig-air-pty-'));
  let air: Air | undefined;
  let server: AirServer | undefined;
  let phone: Noble | undefined;
  let child: Child | undefined;
  afterEach(async () => {
    child?.proc.kill();
    await server?.close();
    if (air) await teardown(air, phone);
    air = undefined;
    child = undefined;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a lock process joins over TCP (virtual driver) and the full loop runs; it exits cleanly', async () => {
    air = new Air({ seed: 21 });
    server = new AirServer(air);
    const url = await server.listen({ port: 0 });
    phone = await startPhone(air.attach({ name: 'phone', position: { x: 1, y: 0 } }));
    child = startChild({ mode: 'remote', url, name: 'lock-remote' });
    await child.waitLine('ready');
    expect(air.controllers.map((c) => c.name)).toContain('lock-remote');
    await loop(phone, child);
    child.proc.stdin!.write('stop\n');
    await child.waitLine('stopped');
    expect(await systemClock.timeout(child.exited, 15_000, 'child exits by itself')).toBe(0);
  });

  it.skipIf(!hasSocat)('a lock process uses bleno\'s UART driver on a pty bridged by socat', async () => {
    air = new Air({ seed: 22 });
    server = new AirServer(air);
    const link = join(dir, 'lock-uart');
    await server.attachPty({ name: 'lock-uart', link });
    phone = await startPhone(air.attach({ name: 'phone', position: { x: 1, y: 0 } }));
    child = startChild({ mode: 'uart', port: link });
    await child.waitLine('ready');
    await loop(phone, child);
    child.proc.stdin!.write('stop\n');
    await child.waitLine('stopped');
    expect(await systemClock.timeout(child.exited, 15_000, 'child exits by itself')).toBe(0);
  });

  it('noble also runs over the remote driver (phone and lock both on TCP, Unix socket for the lock)', async () => {
    air = new Air({ seed: 23 });
    server = new AirServer(air);
    const tcp = await server.listen({ port: 0 });
    const unix = await server.listen({ path: join(dir, 'air.sock') });
    const lock = await startLock({ bindings: remoteAirBindings({ url: unix, name: 'lock-unix' }) }, { initialValue: Buffer.from('over-unix') });
    phone = await startPhone({ bindings: remoteAirBindings({ url: tcp, name: 'phone-tcp', position: { x: 2, y: 0 } }) });
    try {
      const p = await discoverLock(phone);
      await p.connectAsync();
      const { value } = await findCharacteristics(p);
      expect((await value.readAsync()).toString()).toBe('over-unix');
      await p.disconnectAsync();
      expect(air.controllers.map((c) => c.name).sort()).toEqual(['lock-unix', 'phone-tcp']);
    } finally {
      lock.bleno.stop();
    }
  });
});
