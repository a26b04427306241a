/**
 * The real-adapter path without hardware: a kernel HCI index that does not exist must fail fast
 * with the reason (bleno reports 'unsupported'), not hang or crash. hci99 exists on no machine.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '@keyrig/protocol';
import { startLock } from '../../src/lock/startLock.js';
import { silentLogger, T0 } from './fixtures.js';
import { makeProvider, provisionLock } from './world.js';

describe('lock on a real adapter', () => {
  it('refuses a missing HCI adapter with a clear error', async () => {
    const provisioning = await provisionLock(await makeProvider(), 'door');
    const started = Date.now();
    await expect(
      startLock({ provisioning, clock: new ManualClock(T0), logger: silentLogger, radio: { kind: 'hci', deviceId: 99 }, powerOnTimeoutMs: 10_000 }),
    ).rejects.toThrow(/hci99: (no usable Bluetooth LE controller|not allowed|radio did not power on)/);
    expect(Date.now() - started).toBeLessThan(25_000);
  });
});
