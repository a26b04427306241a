import { describe, expect, it } from 'vitest';
import { KeyrigError } from '../errors.js';
import { isTimeZone, localTime } from './localTime.js';

describe('localTime', () => {
  it('follows daylight saving time in an IANA zone', () => {
    // 2026-03-29 is the EU switch: 00:30 UTC = 01:30 CET, 01:30 UTC = 03:30 CEST.
    expect(localTime(Date.UTC(2026, 2, 29, 0, 30), 'Europe/Zurich')).toEqual({ dayOfWeek: 0, minuteOfDay: 90, date: '2026-03-29' });
    expect(localTime(Date.UTC(2026, 2, 29, 1, 30), 'Europe/Zurich').minuteOfDay).toBe(3 * 60 + 30);
  });
  it('crosses the date line with an offset', () => {
    expect(localTime(Date.UTC(2026, 0, 7, 23, 0), { utcOffsetMinutes: 120 })).toEqual({ dayOfWeek: 4, minuteOfDay: 60, date: '2026-01-08' });
  });
  it('refuses an unknown zone with a typed error', () => {
    expect(() => localTime(0, 'Mars/Olympus')).toThrow(/unknown time zone/);
    expect(() => localTime(0, 'Mars/Olympus')).toThrow(KeyrigError);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('Asia/Kolkata')).toBe(true);
  });
  it('reads weekday and minute in the entrance time zone (2026-11-26 is a Thursday)', () => {
    expect(localTime(Date.parse('2026-11-26T06:30:00+01:00'), 'Europe/Berlin')).toMatchObject({ dayOfWeek: 4, minuteOfDay: 390 });
  });
});

// Hand-computed from the EU and US rules, not from the code: the EU switches at 01:00 UTC on the
// last Sunday of March (2026-03-29) and of October (2026-10-25); the US at 02:00 local on the
// second Sunday of March (2026-03-08) and the first Sunday of November (2026-11-01).
describe('localTime at daylight saving transitions', () => {
  const berlin = 'Europe/Berlin';
  const newYork = 'America/New_York';
  it('Berlin spring forward: 02:00 CET is 03:00 CEST, the hour 02:xx never happens', () => {
    expect(localTime(Date.UTC(2026, 2, 29, 0, 59), berlin)).toEqual({ dayOfWeek: 0, minuteOfDay: 1 * 60 + 59, date: '2026-03-29' });
    expect(localTime(Date.UTC(2026, 2, 29, 1, 0), berlin)).toEqual({ dayOfWeek: 0, minuteOfDay: 3 * 60, date: '2026-03-29' });
  });
  it('Berlin fall back: 03:00 CEST is 02:00 CET, the hour 02:xx happens twice', () => {
    expect(localTime(Date.UTC(2026, 9, 25, 0, 30), berlin).minuteOfDay).toBe(2 * 60 + 30); // CEST
    expect(localTime(Date.UTC(2026, 9, 25, 1, 30), berlin).minuteOfDay).toBe(2 * 60 + 30); // CET
    expect(localTime(Date.UTC(2026, 9, 25, 2, 0), berlin).minuteOfDay).toBe(3 * 60);
  });
  it('New York spring forward and fall back', () => {
    // 2026-03-08 07:00 UTC = 03:00 EDT (06:59 UTC = 01:59 EST).
    expect(localTime(Date.UTC(2026, 2, 8, 6, 59), newYork)).toEqual({ dayOfWeek: 0, minuteOfDay: 1 * 60 + 59, date: '2026-03-08' });
    expect(localTime(Date.UTC(2026, 2, 8, 7, 0), newYork).minuteOfDay).toBe(3 * 60);
    // 2026-11-01: 05:30 UTC = 01:30 EDT, 06:30 UTC = 01:30 EST.
    expect(localTime(Date.UTC(2026, 10, 1, 5, 30), newYork).minuteOfDay).toBe(90);
    expect(localTime(Date.UTC(2026, 10, 1, 6, 30), newYork).minuteOfDay).toBe(90);
    // The local date changes at local midnight: 03:59 UTC on Nov 2 is still Nov 1 (EST = UTC-5).
    expect(localTime(Date.UTC(2026, 10, 2, 4, 59), newYork)).toEqual({ dayOfWeek: 0, minuteOfDay: 23 * 60 + 59, date: '2026-11-01' });
  });
});
