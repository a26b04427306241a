/**
 * Weekly schedules in credential documents (PROTOCOL.md §6): windows of a day-of-week mask
 * (bit 0 = Sunday) and local minutes [start, end). The cloud writes them from an entrance's
 * opening hours; the lock reads them in its access decision.
 */
import type { ScheduleWindow } from '../credential/CredentialDocument.js';
import { localTime, type TimeZone } from './localTime.js';
import { wallClockMinutes, windowDays, type WeeklySchedule } from './weeklySchedule.js';

/**
 * A window no instant falls in (no day in its mask). §6 reads an empty schedule as "no
 * restriction", so a schedule that is never open is written as this single window (no days)
 */
export const NEVER_WINDOW: ScheduleWindow = { days: 0, startMinute: 0, endMinute: 1 };

function mask(days: readonly number[], shift = 0): number {
  return days.reduce((acc, d) => acc | (1 << ((d + shift) % 7)), 0);
}

/**
 * Opening hours to §6 schedule windows: a window past midnight becomes two (the start day's
 * evening, the next day's morning); null (no hours) becomes no restriction.
 */
export function toScheduleWindows(hours: WeeklySchedule | null): ScheduleWindow[] {
  if (hours === null) return [];
  const out: ScheduleWindow[] = [];
  for (const w of hours) {
    const days = windowDays(w);
    const from = wallClockMinutes(w.from);
    const to = wallClockMinutes(w.to);
    if (to > from) {
      out.push({ days: mask(days), startMinute: from, endMinute: to });
    } else {
      // §6 needs start < end: a window from "24:00" has no evening part.
      if (from < 1440) out.push({ days: mask(days), startMinute: from, endMinute: 1440 });
      if (to > 0) out.push({ days: mask(days, 1), startMinute: 0, endMinute: to });
    }
  }
  return out.length === 0 ? [NEVER_WINDOW] : out;
}

/** True when `time` falls in one of the windows, read in `zone` (an empty schedule always matches). */
export function inSchedule(schedule: readonly ScheduleWindow[], time: number, zone: TimeZone): boolean {
  if (schedule.length === 0) return true;
  const local = localTime(time, zone);
  return schedule.some(
    (w) => (w.days & (1 << local.dayOfWeek)) !== 0 && local.minuteOfDay >= w.startMinute && local.minuteOfDay < w.endMinute,
  );
}
