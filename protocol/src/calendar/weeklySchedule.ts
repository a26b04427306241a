/**
 * Weekly opening hours as people write them: windows of day names and wall-clock "HH:MM" times
 * in a place's local time zone. The property file, the cloud (`hours` of an entrance), the lock
 * (an amenity's provisioned opening hours) and the web app ("open now") all read them here.
 *
 * Rules: `from` is inclusive, `to` exclusive and may be "24:00"; a window whose `to` is earlier
 * than `from` runs past midnight and belongs to the day it starts on (Friday 20:00–02:00 is open
 * on Saturday at 01:00, not on Friday at 01:00). An empty schedule is never open.
 */
import { KeyrigError } from '../errors.js';
import { localTime, type TimeZone } from './localTime.js';

/** Day names, indexed by day of week (0 = Sunday, as PROTOCOL.md §6's day mask). */
export const WEEKDAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAY_NAMES)[number];

/** A wall-clock time "HH:MM", 00:00 to 24:00. */
export const WALL_CLOCK_TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/** One window of a weekly schedule. */
export interface OpeningWindow {
  /** The days the window starts on; absent = every day. */
  readonly days?: readonly Weekday[] | undefined;
  /** Wall-clock start "HH:MM", inclusive. */
  readonly from: string;
  /** Wall-clock end "HH:MM", exclusive; "24:00" = end of day; earlier than `from` = next day. */
  readonly to: string;
}

/** A weekly schedule: the union of its windows. */
export type WeeklySchedule = readonly OpeningWindow[];

/** Minutes since midnight of a wall-clock time "HH:MM" (0..1440). Throws KeyrigError('config') otherwise. */
export function wallClockMinutes(hhmm: string): number {
  if (!WALL_CLOCK_TIME.test(hhmm)) throw new KeyrigError('config', `"${hhmm}" is not a wall-clock time "HH:MM" (00:00 to 24:00)`);
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** Day-of-week numbers (0 = Sunday) a window starts on. */
export function windowDays(w: OpeningWindow): number[] {
  return (w.days ?? WEEKDAY_NAMES).map((d) => WEEKDAY_NAMES.indexOf(d));
}

/** True when `time` (ms) falls in one of the schedule's windows, read in `zone`. */
export function isOpenAt(schedule: WeeklySchedule, time: number, zone: TimeZone): boolean {
  const { dayOfWeek: today, minuteOfDay: minute } = localTime(time, zone);
  const yesterday = (today + 6) % 7;
  return schedule.some((w) => {
    const days = windowDays(w);
    const from = wallClockMinutes(w.from);
    const to = wallClockMinutes(w.to);
    if (from < to) return days.includes(today) && minute >= from && minute < to;
    // Past midnight: the evening part today, the morning part belongs to the window of yesterday
    return (days.includes(today) && minute >= from) || (days.includes(yesterday) && minute < to);
  });
}
