import { describe, expect, it } from 'vitest';
import { toScheduleWindows } from './scheduleWindows.js';

describe('toScheduleWindows (PROTOCOL.md §6 day mask, bit 0 = Sunday)', () => {
  it('maps days and minutes', () => {
    expect(toScheduleWindows([{ days: ['mon', 'fri'], from: '06:00', to: '22:00' }])).toEqual([{ days: 0b0100010, startMinute: 360, endMinute: 1320 }]);
    expect(toScheduleWindows([{ days: ['sun'], from: '00:00', to: '24:00' }])).toEqual([{ days: 1, startMinute: 0, endMinute: 1440 }]);
    expect(toScheduleWindows(null)).toEqual([]);
  });
  it('splits a window past midnight into today and the next day', () => {
    expect(toScheduleWindows([{ days: ['sat'], from: '22:00', to: '02:00' }])).toEqual([
      { days: 1 << 6, startMinute: 1320, endMinute: 1440 },
      { days: 1 << 0, startMinute: 0, endMinute: 120 },
    ]);
  });
});
