import { ManualClock } from '@keyrig/protocol';
import { describe, expect, it } from 'vitest';
import { FailedAttemptLimiter } from './FailedAttemptLimiter.js';

describe('FailedAttemptLimiter', () => {
  it('allows maxFailures failed attempts per window, then refuses until the window ends', () => {
    const clock = new ManualClock(1_000_000);
    const l = new FailedAttemptLimiter({ clock, maxFailures: 3, windowMs: 60_000 });
    for (let i = 0; i < 3; i++) {
      expect(l.retryAfterMs('1.2.3.4')).toBe(0);
      l.fail('1.2.3.4');
    }
    expect(l.retryAfterMs('1.2.3.4')).toBe(60_000);
    expect(l.retryAfterMs('5.6.7.8')).toBe(0); // per caller
    clock.advance(59_999);
    expect(l.retryAfterMs('1.2.3.4')).toBe(1);
    clock.advance(1);
    expect(l.retryAfterMs('1.2.3.4')).toBe(0);
  });

  it('tracks a bounded number of callers', () => {
    const clock = new ManualClock();
    const l = new FailedAttemptLimiter({ clock, maxFailures: 1, maxCallers: 2 });
    l.fail('a');
    l.fail('b');
    l.fail('c'); // evicts a
    expect(l.retryAfterMs('a')).toBe(0);
    expect(l.retryAfterMs('b')).toBeGreaterThan(0);
    expect(l.retryAfterMs('c')).toBeGreaterThan(0);
  });
});
