/**
 * Property hours ("mon".."sun", "HH:MM") to credential document schedule windows
 * (PROTOCOL.md §6: day mask bit 0 = Sunday, minutes [start, end) of the local day; a window
 * past midnight becomes two windows).
 */
import type { ScheduleWindow } from '@keyrig/protocol';
import type { Weekday, WeeklySchedule } from '../../property/schedule.js';

const BIT: Record<Weekday, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

function mask(days: readonly Weekday[], shift = 0): number {
  return days.reduce((acc, d) => acc | (1 << ((BIT[d] + shift) % 7)), 0);
}

export function toScheduleWindows(hours: WeeklySchedule | null): ScheduleWindow[] {
  if (hours === null) return [];
  const out: ScheduleWindow[] = [];
  for (const w of hours) {
    const from = minutes(w.from);
    const to = minutes(w.to);
    if (to > from) {
      out.push({ days: mask(w.days), startMinute: from, endMinute: to });
    } else {
      out.push({ days: mask(w.days), startMinute: from, endMinute: 1440 });
      if (to > 0) out.push({ days: mask(w.days, 1), startMinute: 0, endMinute: to });
    }
  }
  return out;
}
