/**
 * Modeled timing: a fixed exchange has the same simulated latency on every run with a seed, and
 * the profiles order as expected (floor < ios-like < android-like).
 */
import { describe, expect, it } from 'vitest';
import { Air, type TimingMode } from '../../src/air/index.js';
import { discoverLock, findCharacteristics, startLock, startPhone, teardown } from './fixtures.js';

/** Scan, connect, discover, write, subscribe+notify, read; returns the phone's simulated ms. */
async function exchange(timing: TimingMode, seed: number): Promise<{ latencyMs: number; connectMs: number }> {
  const air = new Air({ seed, timing });
  const lockAt = air.attach({ name: 'lock', position: { x: 0, y: 0 } });
  const phoneAt = air.attach({ name: 'phone', position: { x: 1.5, y: 0 } });
  const lock = await startLock(lockAt);
  const phone = await startPhone(phoneAt);
  try {
    const t0 = phoneAt.simTime();
    const p = await discoverLock(phone);
    await p.connectAsync();
    const connectMs = phoneAt.simTime() - t0;
    const { value, events } = await findCharacteristics(p);
    await value.writeAsync(Buffer.from('open'), false);
    const notified = new Promise<Buffer>((r) => events.on('data', (d) => r(d)));
    await events.subscribeAsync();
    await lock.subscribed;
    lockAt.consume(15); // the lock "verifies a P-256 signature"
    lock.notify(Buffer.from('ok'));
    await notified;
    await value.readAsync();
    return { latencyMs: phoneAt.simTime() - t0, connectMs };
  } finally {
    await teardown(air, phone, lock.bleno);
  }
}

describe('modeled timing', () => {
  it('gives the same simulated latency on every run for a seed', async () => {
    const a = await exchange('floor', 9);
    const b = await exchange('floor', 9);
    const c = await exchange('floor', 9);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(a.latencyMs).toBeGreaterThan(0);
  });

  it('orders the profiles floor < ios-like < android-like', async () => {
    const results: Record<string, number> = {};
    for (const timing of ['floor', 'ios-like', 'android-like'] as const) {
      const r = await exchange(timing, 9);
      const again = await exchange(timing, 9);
      expect(again).toEqual(r);
      results[timing] = r.latencyMs;
    }
    console.log(`simulated latency per profile (ms): ${JSON.stringify(results)}`);
    expect(results.floor!).toBeLessThan(results['ios-like']!);
    expect(results['ios-like']!).toBeLessThan(results['android-like']!);
  });

  it('a different seed moves the advertising delays, hence the latency', async () => {
    const a = await exchange('floor', 1);
    const b = await exchange('floor', 2);
    expect(a.latencyMs).not.toBe(b.latencyMs);
  });
});
