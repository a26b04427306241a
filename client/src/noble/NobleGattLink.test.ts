/**
 * NobleGattLink's operation guard on its own: every GATT operation ends with its result, a fast
 * `io` error when the link drops, or a `timeout` at the deadline, whichever comes first, and
 * nothing fires after that. The peripheral and characteristics are minimal stand-ins with the
 * surface the link uses (noble itself runs in the end-to-end and scenario tests).
 */
import { EventEmitter } from 'node:events';
import type { Characteristic, Peripheral } from '@stoprocent/noble';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../core/logger.js';
import { NobleGattLink } from './NobleGattLink.js';

function rig(readAsync: () => Promise<Buffer>, opTimeoutMs = 200) {
  const peripheral = Object.assign(new EventEmitter(), { id: 'p1', mtu: 247, disconnectAsync: async () => {} });
  const char = Object.assign(new EventEmitter(), { readAsync, writeAsync: async () => {}, subscribeAsync: async () => {} });
  const link = new NobleGattLink(
    peripheral as unknown as Peripheral,
    { controlPoint: char, response: char, info: char } as unknown as { controlPoint: Characteristic; response: Characteristic; info: Characteristic },
    silentLogger,
    opTimeoutMs,
    (reason) => `reason ${reason}`,
  );
  return { link, peripheral };
}

const never = () => new Promise<Buffer>(() => {});

describe('NobleGattLink operations', () => {
  it('resolve with the value the characteristic gives', async () => {
    const { link } = rig(async () => Buffer.from([1, 2, 3]));
    expect(Array.from(await link.readInfo())).toEqual([1, 2, 3]);
  });

  it('fail fast with an io error when the link drops, long before the deadline', async () => {
    const { link, peripheral } = rig(never, 60_000);
    const t0 = Date.now();
    const read = link.readInfo();
    setTimeout(() => peripheral.emit('disconnect', 0x08), 10);
    await expect(read).rejects.toMatchObject({ code: 'io', message: 'info read: link lost (reason 8)' });
    expect(Date.now() - t0).toBeLessThan(5_000);
    await expect(link.readInfo()).rejects.toMatchObject({ code: 'io', message: 'info read: link is down (reason 8)' });
  });

  it('time out at the deadline when nothing answers, and a late disconnect changes nothing', async () => {
    const { link, peripheral } = rig(never, 50);
    await expect(link.readResponse()).rejects.toMatchObject({ code: 'timeout', message: 'response read timed out after 50 ms' });
    peripheral.emit('disconnect', 0x13); // after the op settled: no second rejection, no throw
    expect(link.connected).toBe(false);
  });

  it('wrap a failure of the stack as an io error with its cause', async () => {
    const boom = new Error('ATT error 0x0e');
    const { link } = rig(async () => Promise.reject(boom));
    const err = await link.readInfo().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'io', message: 'info read failed: ATT error 0x0e' });
    expect((err as Error).cause).toBe(boom);
  });
});
