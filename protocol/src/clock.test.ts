import { describe, expect, it } from 'vitest';
import { deadline, ManualClock, OffsetClock, systemClock } from './clock.js';
import { KeyrigError } from './errors.js';

const never = new Promise<never>(() => {});

describe('systemClock', () => {
  it('sleeps in wall time', async () => {
    const t0 = performance.now();
    await systemClock.sleep(30);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(25);
  });
  it('times out with KeyrigError code "timeout" naming what and how long', async () => {
    const err = await systemClock.timeout(never, 20, 'GATT read').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KeyrigError);
    expect(err).toMatchObject({ code: 'timeout', message: 'GATT read timed out after 20 ms' });
  });
  it('settles as the work does when it comes first, and lets the caller choose the error and clean up', async () => {
    await expect(systemClock.timeout(Promise.resolve(7), 1000, 'x')).resolves.toBe(7);
    await expect(systemClock.timeout(Promise.reject(new Error('boom')), 1000, 'x')).rejects.toThrow('boom');
    let cleaned = false;
    const err = await systemClock
      .timeout(never, 10, 'connect', { onTimeout: () => (cleaned = true), error: (m) => new RangeError(m) })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RangeError);
    expect(cleaned).toBe(true);
  });
  it('repeats with every() until cancelled', async () => {
    let n = 0;
    const stop = systemClock.every(5, () => n++);
    await systemClock.sleep(40);
    stop();
    const seen = n;
    expect(seen).toBeGreaterThanOrEqual(2);
    await systemClock.sleep(20);
    expect(n).toBe(seen);
  });
});

describe('ManualClock', () => {
  it('fires its timers when advanced past them, in time order, and never on its own', async () => {
    const clock = new ManualClock(1000);
    const fired: string[] = [];
    clock.setTimer(50, () => fired.push('b'));
    clock.setTimer(10, () => fired.push('a'));
    const cancel = clock.setTimer(20, () => fired.push('cancelled'));
    cancel();
    await systemClock.sleep(5);
    expect(fired).toEqual([]);
    clock.advance(49);
    expect(fired).toEqual(['a']);
    clock.set(1050);
    expect(fired).toEqual(['a', 'b']);
  });
  it('sleep and timeout follow the manual time', async () => {
    const clock = new ManualClock(0);
    let woke = false;
    void clock.sleep(100).then(() => (woke = true));
    clock.advance(99);
    await Promise.resolve();
    expect(woke).toBe(false);
    clock.advance(1);
    await Promise.resolve();
    expect(woke).toBe(true);
    const late = clock.timeout(never, 500, 'the lock');
    clock.advance(500);
    await expect(late).rejects.toMatchObject({ code: 'timeout', message: 'the lock timed out after 500 ms' });
  });
  it('fires every() once per advance past its period, and stops when cancelled', () => {
    const clock = new ManualClock(0);
    let n = 0;
    const stop = clock.every(10, () => n++);
    clock.advance(10);
    clock.advance(10);
    expect(n).toBe(2);
    stop();
    clock.advance(10);
    expect(n).toBe(2);
  });
});

describe('OffsetClock', () => {
  it('reads its base plus the offset, and runs timers on the base', () => {
    const base = new ManualClock(0);
    const rtc = new OffsetClock(base, 5000);
    expect(rtc.now()).toBe(5000);
    let fired = false;
    rtc.setTimer(10, () => (fired = true));
    base.advance(10);
    expect(fired).toBe(true);
  });
});

describe('deadline', () => {
  it('is the helper every clock timeout uses (any setTimer will do)', async () => {
    const clock = new ManualClock(0);
    const p = deadline(clock, never, 1, 'w');
    clock.advance(1);
    await expect(p).rejects.toThrow('w timed out after 1 ms');
  });
});
