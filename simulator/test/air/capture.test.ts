/**
 * btsnoop captures (datalink 1002, H4) decoded by tshark: the ATT writes and notifications are there.
 * CI installs tshark, so this never skips there; locally it skips only if tshark is missing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Air } from '../../src/air/index.js';
import { discoverLock, findCharacteristics, startLock, startPhone, teardown } from './fixtures.js';

const hasTshark = spawnSync('tshark', ['--version'], { stdio: 'ignore' }).status === 0;
if (!hasTshark && process.env.CI) throw new Error('tshark is required in CI (apt-get install tshark)');

function attOpcodes(file: string): string[] {
  const out = execFileSync('tshark', ['-r', file, '-Y', 'btatt', '-T', 'fields', '-e', 'btatt.opcode'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return out.split('\n').filter(Boolean);
}

describe('btsnoop capture', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyrig-air-capture-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.skipIf(!hasTshark)('tshark decodes the ATT writes and notifications of a session', async () => {
    const air = new Air({ seed: 4, captureDir: dir, timing: 'floor' });
    const lock = await startLock(air.attach({ name: 'lock-1' }));
    const phone = await startPhone(air.attach({ name: 'phone', position: { x: 1, y: 1 }, aclBuffers: { length: 27, count: 2 } }));
    try {
      const p = await discoverLock(phone);
      await p.connectAsync();
      const { value, events } = await findCharacteristics(p);
      await value.writeAsync(Buffer.from('unlock-request-over-27-bytes-to-fragment'), false);
      const notified = new Promise<Buffer>((r) => events.on('data', (d) => r(d)));
      await events.subscribeAsync();
      await lock.subscribed;
      lock.notify(Buffer.from('granted'));
      await notified;
      await p.disconnectAsync();
    } finally {
      await teardown(air, phone, lock.bleno);
    }
    const lockFile = join(dir, 'lock-1.btsnoop');
    const phoneFile = join(dir, 'phone.btsnoop');
    expect(readFileSync(lockFile).subarray(0, 16).toString('hex')).toBe(Buffer.from('btsnoop\0').toString('hex') + '00000001000003ea');
    // 0x12 Write Request, 0x13 Write Response, 0x1b Handle Value Notification (Vol 3 Part F §3.4.8).
    for (const file of [lockFile, phoneFile]) {
      const ops = attOpcodes(file);
      expect(ops, file).toContain('0x12');
      expect(ops, file).toContain('0x13');
      expect(ops, file).toContain('0x1b');
    }
    // The write was fragmented on the phone side (27-byte ACL) and reassembled by tshark.
    const writes = execFileSync('tshark', ['-r', phoneFile, '-Y', 'btatt.opcode == 0x12', '-T', 'fields', '-e', 'btatt.value'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    expect(writes).toContain(Buffer.from('unlock-request-over-27-bytes-to-fragment').toString('hex'));
  });
});
