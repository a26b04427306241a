import { describe, expect, it } from 'vitest';
import { isOpenAt, localDayMinute } from './openHours.js';

const berlin = 'Europe/Berlin';
// 2026-11-26 is a Thursday; Berlin is UTC+1 in November.
const at = (hhmm: string, date = '2026-11-26'): number => Date.parse(`${date}T${hhmm}:00+01:00`);

describe('openHours: the "Open now" hint', () => {
  it('reads weekday and minute in the entrance time zone', () => {
    expect(localDayMinute(at('06:30'), berlin)).toEqual({ day: 4, minute: 390 });
  });

  it('gym 06:00-22:00 daily: open at 06:00, closed at 22:00 and at 03:00', () => {
    const gym = [{ from: '06:00', to: '22:00' }];
    expect(isOpenAt(gym, berlin, at('06:00'))).toBe(true);
    expect(isOpenAt(gym, berlin, at('21:59'))).toBe(true);
    expect(isOpenAt(gym, berlin, at('22:00'))).toBe(false);
    expect(isOpenAt(gym, berlin, at('03:00'))).toBe(false);
  });

  it('a window past midnight belongs to the day it starts', () => {
    const bar = [{ days: ['fri'], from: '20:00', to: '02:00' }];
    expect(isOpenAt(bar, berlin, at('23:00', '2026-11-27'))).toBe(true); // Friday night
    expect(isOpenAt(bar, berlin, at('01:00', '2026-11-28'))).toBe(true); // Saturday 01:00
    expect(isOpenAt(bar, berlin, at('01:00', '2026-11-27'))).toBe(false); // Friday 01:00
  });

  it('no hours: no hint', () => {
    expect(isOpenAt(null, berlin, at('03:00'))).toBeUndefined();
  });
});
