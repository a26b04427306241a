import { describe, expect, it } from 'vitest';
import { KeyrigError } from '../errors.js';
import { isOpenAt, wallClockMinutes, type WeeklySchedule } from './weeklySchedule.js';

const berlin = 'Europe/Berlin';
// 2026-11-26 is a Thursday; Berlin is UTC+1 in November.
const at = (hhmm: string, date = '2026-11-26'): number => Date.parse(`${date}T${hhmm}:00+01:00`);

describe('isOpenAt: the "Open now" hint and the lock\'s opening hours', () => {
  it('gym 06:00-22:00 daily: open at 06:00, closed at 22:00 and at 03:00', () => {
    const gym = [{ from: '06:00', to: '22:00' }];
    expect(isOpenAt(gym, at('06:00'), berlin)).toBe(true);
    expect(isOpenAt(gym, at('21:59'), berlin)).toBe(true);
    expect(isOpenAt(gym, at('22:00'), berlin)).toBe(false);
    expect(isOpenAt(gym, at('03:00'), berlin)).toBe(false);
  });

  it('a window past midnight belongs to the day it starts', () => {
    const bar: WeeklySchedule = [{ days: ['fri'], from: '20:00', to: '02:00' }];
    expect(isOpenAt(bar, at('23:00', '2026-11-27'), berlin)).toBe(true); // Friday night
    expect(isOpenAt(bar, at('01:00', '2026-11-28'), berlin)).toBe(true); // Saturday 01:00
    expect(isOpenAt(bar, at('01:00', '2026-11-27'), berlin)).toBe(false); // Friday 01:00
    expect(isOpenAt(bar, at('02:00', '2026-11-28'), berlin)).toBe(false); // Saturday 02:00: `to` is exclusive
  });

  it('"24:00" ends the day; "00:00" as `to` ends at midnight too', () => {
    const allDay: WeeklySchedule = [{ days: ['thu'], from: '00:00', to: '24:00' }];
    expect(isOpenAt(allDay, at('00:00'), berlin)).toBe(true);
    expect(isOpenAt(allDay, at('23:59'), berlin)).toBe(true);
    expect(isOpenAt(allDay, at('00:00', '2026-11-27'), berlin)).toBe(false);
    const evening: WeeklySchedule = [{ days: ['thu'], from: '18:00', to: '00:00' }];
    expect(isOpenAt(evening, at('23:59'), berlin)).toBe(true);
    expect(isOpenAt(evening, at('00:00', '2026-11-27'), berlin)).toBe(false);
  });

  it('an empty schedule is never open', () => {
    expect(isOpenAt([], at('12:00'), berlin)).toBe(false);
  });

  it('refuses an unknown zone and a malformed time with typed errors', () => {
    expect(() => isOpenAt([{ from: '06:00', to: '22:00' }], 0, 'Mars/Olympus')).toThrow(KeyrigError);
    expect(() => wallClockMinutes('6:00')).toThrow(/wall-clock time/);
    expect(() => wallClockMinutes('24:01')).toThrow(KeyrigError);
    expect(wallClockMinutes('24:00')).toBe(1440);
  });

  it('reads wall-clock hours across the Berlin transitions (last Sunday of March and of October)', () => {
    const early: WeeklySchedule = [{ days: ['sun'], from: '02:00', to: '03:00' }];
    // 2026-03-29: local 01:59 CET then 03:00 CEST: the 02:xx window never opens that night.
    expect(isOpenAt(early, Date.UTC(2026, 2, 29, 0, 59), berlin)).toBe(false);
    expect(isOpenAt(early, Date.UTC(2026, 2, 29, 1, 0), berlin)).toBe(false);
    // 2026-10-25: 02:xx happens twice (00:xx UTC in CEST, 01:xx UTC in CET): open both times.
    expect(isOpenAt(early, Date.UTC(2026, 9, 25, 0, 30), berlin)).toBe(true);
    expect(isOpenAt(early, Date.UTC(2026, 9, 25, 1, 30), berlin)).toBe(true);
    expect(isOpenAt(early, Date.UTC(2026, 9, 25, 2, 0), berlin)).toBe(false);
    // A 09:00 opening is 08:00 UTC before the switch and 07:00 UTC after it.
    const office: WeeklySchedule = [{ from: '09:00', to: '17:00' }];
    expect(isOpenAt(office, Date.UTC(2026, 2, 28, 7, 30), berlin)).toBe(false);
    expect(isOpenAt(office, Date.UTC(2026, 2, 29, 7, 30), berlin)).toBe(true);
  });

  it('reads wall-clock hours across the New York transitions', () => {
    const office: WeeklySchedule = [{ days: ['sun', 'mon'], from: '09:00', to: '17:00' }];
    // 2026-03-08: 09:00 EDT = 13:00 UTC (it was 14:00 UTC the day before, in EST).
    expect(isOpenAt(office, Date.UTC(2026, 2, 8, 13, 0), 'America/New_York')).toBe(true);
    expect(isOpenAt(office, Date.UTC(2026, 2, 8, 12, 59), 'America/New_York')).toBe(false);
    // 2026-11-01: back to EST, 09:00 = 14:00 UTC.
    expect(isOpenAt(office, Date.UTC(2026, 10, 1, 13, 30), 'America/New_York')).toBe(false);
    expect(isOpenAt(office, Date.UTC(2026, 10, 1, 14, 0), 'America/New_York')).toBe(true);
  });
});
