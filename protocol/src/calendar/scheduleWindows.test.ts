import { describe, expect, it } from 'vitest';
import { encodeCredentialBody } from '../credential/index.js';
import { inSchedule, NEVER_WINDOW, toScheduleWindows } from './scheduleWindows.js';

describe('toScheduleWindows (PROTOCOL.md §6 day mask, bit 0 = Sunday)', () => {
  it('maps days to mask bits and HH:MM to minutes', () => {
    expect(toScheduleWindows([{ days: ['mon', 'fri'], from: '06:00', to: '22:00' }])).toEqual([{ days: 0b0100010, startMinute: 360, endMinute: 1320 }]);
    expect(toScheduleWindows([{ days: ['sun'], from: '00:00', to: '24:00' }])).toEqual([{ days: 1, startMinute: 0, endMinute: 1440 }]);
    expect(toScheduleWindows(null)).toEqual([]);
  });
  it('splits a window past midnight into the start day and the next day (Saturday wraps to Sunday)', () => {
    expect(toScheduleWindows([{ days: ['sat'], from: '22:00', to: '02:00' }])).toEqual([
      { days: 0b1000000, startMinute: 1320, endMinute: 1440 },
      { days: 0b0000001, startMinute: 0, endMinute: 120 },
    ]);
  });
  it('absent days mean every day (mask 0x7f)', () => {
    expect(toScheduleWindows([{ from: '08:00', to: '09:30' }])).toEqual([{ days: 0x7f, startMinute: 480, endMinute: 570 }]);
  });
  it('writes only windows §6 accepts (start < end), and a never-open schedule as one window that never matches', () => {
    expect(toScheduleWindows([{ days: ['mon'], from: '24:00', to: '01:00' }])).toEqual([{ days: 0b0000100, startMinute: 0, endMinute: 60 }]);
    expect(toScheduleWindows([])).toEqual([NEVER_WINDOW]);
    expect(NEVER_WINDOW.days).toBe(0);
  });
});

describe('inSchedule: §6 windows in lock-local time', () => {
  // Hand-computed: 2026-01-05 is a Monday; Zurich is UTC+1 in January.
  const mondayMorning = [{ days: 0b0000010, startMinute: 8 * 60, endMinute: 12 * 60 }];
  it('matches the day bit and [start, end)', () => {
    expect(inSchedule(mondayMorning, Date.UTC(2026, 0, 5, 7, 0), 'Europe/Zurich')).toBe(true); // Mon 08:00
    expect(inSchedule(mondayMorning, Date.UTC(2026, 0, 5, 11, 0), 'Europe/Zurich')).toBe(false); // Mon 12:00
    expect(inSchedule(mondayMorning, Date.UTC(2026, 0, 6, 7, 0), 'Europe/Zurich')).toBe(false); // Tue 08:00
    expect(inSchedule(mondayMorning, Date.UTC(2026, 0, 5, 7, 0), { utcOffsetMinutes: 0 })).toBe(false); // Mon 07:00 at UTC
  });
  it('an empty schedule always matches, the never window never does', () => {
    expect(inSchedule([], 0, 'UTC')).toBe(true);
    for (let h = 0; h < 24 * 7; h += 5) expect(inSchedule([NEVER_WINDOW], Date.UTC(2026, 0, 5, h), 'UTC')).toBe(false);
  });
  it('the never window encodes in a credential document', () => {
    const doc = {
      credentialId: '00000000-0000-4000-8000-000000000001',
      userIdentityId: 'u',
      accessGrantId: 'g',
      endpointPublicKey: new Uint8Array(65).fill(4),
      entrances: ['00000000-0000-4000-8000-000000000002'],
      floors: [],
      notBefore: 0,
      notAfter: 1,
      schedule: [NEVER_WINDOW],
      keySequences: {},
      issuedAt: 0,
      keyId: 'k1',
    };
    expect(() => encodeCredentialBody(doc as never)).not.toThrow();
  });
});
