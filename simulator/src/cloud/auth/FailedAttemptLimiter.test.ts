import { ManualClock } from '@keyrig/protocol';
import { describe, expect, it } from 'vitest';
import { callerKey, FailedAttemptLimiter } from './FailedAttemptLimiter.js';

describe('FailedAttemptLimiter (token bucket per caller)', () => {
  it('allows `burst` failures at once, then one more per 60000/refillPerMinute ms', () => {
    const clock = new ManualClock(1_000_000);
    const l = new FailedAttemptLimiter({ clock, burst: 3, refillPerMinute: 6 }); // a token per 10 s
    for (let i = 0; i < 3; i++) {
      expect(l.retryAfterMs('1.2.3.4')).toBe(0);
      l.fail('1.2.3.4');
    }
    expect(l.retryAfterMs('1.2.3.4')).toBe(10_000);
    expect(l.retryAfterMs('5.6.7.8')).toBe(0); // per caller
    clock.advance(9_999);
    expect(l.retryAfterMs('1.2.3.4')).toBe(1);
    clock.advance(1);
    expect(l.retryAfterMs('1.2.3.4')).toBe(0);
    l.fail('1.2.3.4');
    expect(l.retryAfterMs('1.2.3.4')).toBe(10_000);
    clock.advance(3_600_000); // refills to the burst, not beyond
    for (let i = 0; i < 3; i++) l.fail('1.2.3.4');
    expect(l.retryAfterMs('1.2.3.4')).toBe(10_000);
  });

  it('counts IPv6 callers by /64 and IPv4-mapped addresses as IPv4', () => {
    expect(callerKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(callerKey('2001:0db8:0001:0002:ffff:0:0:9')).toBe('2001:db8:1:2::/64');
    expect(callerKey('::1')).toBe('0:0:0:0::/64');
    expect(callerKey('::ffff:10.0.0.7')).toBe('10.0.0.7');
    const l = new FailedAttemptLimiter({ clock: new ManualClock(), burst: 1 });
    l.fail('2001:db8:1:2::5');
    expect(l.retryAfterMs('2001:db8:1:2::6')).toBeGreaterThan(0);
    expect(l.retryAfterMs('2001:db8:1:3::5')).toBe(0);
  });

  it('tracks a bounded number of callers', () => {
    const clock = new ManualClock();
    const l = new FailedAttemptLimiter({ clock, burst: 1, maxCallers: 2 });
    l.fail('10.0.0.1');
    l.fail('10.0.0.2');
    l.fail('10.0.0.3'); // evicts .1
    expect(l.retryAfterMs('10.0.0.1')).toBe(0);
    expect(l.retryAfterMs('10.0.0.2')).toBeGreaterThan(0);
    expect(l.retryAfterMs('10.0.0.3')).toBeGreaterThan(0);
  });
});
