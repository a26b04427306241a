/**
 * A controller that attaches again under the same name (a lock restarting under its id) gets a new
 * capture file, DIR/<name>-2.btsnoop; the earlier run's capture stays as it was (issue #18).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Air } from '../../src/air/index.js';
import { startLock } from './fixtures.js';

const BTSNOOP_HEADER = Buffer.from('btsnoop\0').toString('hex') + '00000001000003ea';

describe('btsnoop captures of a restarted controller', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyrig-air-capture-restart-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a second run under the same name writes <name>-2.btsnoop and leaves the first capture intact', async () => {
    const air = new Air({ seed: 7, captureDir: dir });
    try {
      const run = async () => {
        const at = air.attach({ name: 'lock-1' });
        const lock = await startLock(at);
        lock.bleno.stop();
        at.detach();
      };
      await run();
      const first = join(dir, 'lock-1.btsnoop');
      const before = readFileSync(first);
      expect(before.length).toBeGreaterThan(16); // header plus the host's start-up commands
      await run();
      const second = join(dir, 'lock-1-2.btsnoop');
      expect(existsSync(second)).toBe(true);
      expect(readFileSync(second).subarray(0, 16).toString('hex')).toBe(BTSNOOP_HEADER);
      expect(readFileSync(second).length).toBeGreaterThan(16);
      expect(readFileSync(first).equals(before)).toBe(true);
      expect(existsSync(join(dir, 'lock-1-3.btsnoop'))).toBe(false);
    } finally {
      await air.close();
    }
  });
});
