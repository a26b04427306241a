import { describe, expect, it } from 'vitest';
import { ManualClock } from '@keyrig/protocol';
import { SessionSlots } from './SessionSlots.js';

describe('SessionSlots (busy)', () => {
  it('hands out at most max slots, frees on release and after the idle timeout', () => {
    const clock = new ManualClock(0);
    let changes = 0;
    const slots = new SessionSlots(2, clock, 1000, () => changes++);
    const a = slots.acquire()!;
    const b = slots.acquire()!;
    expect(slots.acquire()).toBeUndefined();
    expect(slots.busy).toBe(true);
    b.release();
    b.release(); // idempotent
    expect(slots.inUse).toBe(1);
    clock.advance(600);
    a.touch();
    const c = slots.acquire()!;
    clock.advance(600); // c idle 600 ms, a idle 600 ms: both kept
    expect(slots.inUse).toBe(2);
    clock.advance(400); // both idle 1000 ms: reclaimed
    expect(slots.acquire()).toBeDefined();
    expect(slots.inUse).toBe(1);
    expect(changes).toBeGreaterThan(0);
    c.release();
  });
});
