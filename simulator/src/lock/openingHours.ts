/**
 * Wall-clock checks in the entrance's time zone: amenity opening hours (a weekly schedule of
 * "HH:MM" windows, see simulator/src/property/schedule.ts) and the local calendar day used to
 * count uses a day. Firmware has a tz table; we use Intl with the provisioned IANA zone.
 */
import type { WeeklySchedule } from '../property/schedule.js';

const WEEKDAY_INDEX: Readonly<Record<string, number>> = { mon: 0, tue: 1, wed: 2, thu: 3, fri: 4, sat: 5, sun: 6 };
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export interface LocalTime {
  /** 0 = Monday … 6 = Sunday. */
  weekday: number;
  /** Minutes since local midnight. */
  minute: number;
  /** "YYYY-MM-DD" local date. */
  day: string;
}

export function localTime(timeMs: number, timeZone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(timeMs))) parts[p.type] = p.value;
  const weekday = WEEKDAY_INDEX[(parts.weekday ?? '').slice(0, 3).toLowerCase()] ?? 0;
  return {
    weekday,
    minute: Number(parts.hour) * 60 + Number(parts.minute),
    day: `${parts.year}-${parts.month}-${parts.day}`,
  };
}

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/**
 * True when `timeMs` falls in one of the schedule's windows. A window whose end is before its
 * start runs past midnight: it belongs to the day it starts on.
 */
export function isWithinSchedule(schedule: WeeklySchedule, timeMs: number, timeZone: string): boolean {
  const t = localTime(timeMs, timeZone);
  const yesterday = (t.weekday + 6) % 7;
  for (const w of schedule) {
    const from = toMinutes(w.from);
    const to = toMinutes(w.to);
    const days = w.days.map((d) => WEEKDAY_INDEX[d]);
    if (from < to) {
      if (days.includes(t.weekday) && t.minute >= from && t.minute < to) return true;
    } else {
      if (days.includes(t.weekday) && t.minute >= from) return true;
      if (days.includes(yesterday) && t.minute < to) return true;
    }
  }
  return false;
}
