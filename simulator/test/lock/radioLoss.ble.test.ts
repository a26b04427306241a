/**
 * A lock that loses its radio after start (issue #18; docs/LOCK.md "Adapter loss"): its
 * controller is removed from the virtual air (a dongle pulled), later attached again under the
 * same name (plugged in again). The lock logs the loss once at error level, is no longer heard,
 * and advertises again when the adapter returns — the documented choice is to resume, not exit.
 */
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { ManualClock } from '@keyrig/protocol';
import { waitUntil } from '@keyrig/testkit';
import { Air } from '../../src/air/index.js';
import { startLock, type RunningLock } from '../../src/lock/startLock.js';
import { T0 } from './fixtures.js';
import { findLock, startNoble, type Noble } from './blePhone.js';
import { makeProvider, provisionLock } from './world.js';

interface LogLine {
  level: number;
  msg: string;
  state?: string;
}

describe('lock radio loss on the virtual air', () => {
  const air = new Air({ seed: 18 });
  const lines: LogLine[] = [];
  const logger = pino(
    { level: 'info' },
    new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const l of chunk.toString().split('\n')) if (l.trim()) lines.push(JSON.parse(l) as LogLine);
        done();
      },
    }),
  );
  let lock: RunningLock | undefined;
  let phone: Noble | undefined;
  afterAll(async () => {
    phone?.stop();
    await lock?.close();
    await air.close();
  });

  it('logs the loss once (error), stops being heard, and advertises again when the adapter returns', async () => {
    const provisioning = await provisionLock(await makeProvider(), 'door');
    lock = await startLock({ provisioning, air, clock: new ManualClock(T0), logger });
    const controller = `lock-${provisioning.lock_id}`;
    phone = await startNoble(air, 'phone');
    await findLock(phone, provisioning.lock_id);

    air.removeController(controller);
    const lost = (): LogLine[] => lines.filter((l) => /radio lost/.test(l.msg));
    await waitUntil(() => lost().length > 0, 'the lock logs its radio loss', 15_000);
    expect(lost()).toHaveLength(1);
    expect(lost()[0]!.level).toBe(50); // pino "error"
    expect(lost()[0]!.state).toBe('poweredOff');
    await expect(findLock(phone, provisioning.lock_id, () => true, 3000)).rejects.toThrow(/not heard/);

    air.attach({ name: controller }); // the same controller plugged in again
    await findLock(phone, provisioning.lock_id, () => true, 30_000);
    expect(lines.some((l) => /radio back/.test(l.msg))).toBe(true);
    expect(lost()).toHaveLength(1);
  }, 90_000);
});
