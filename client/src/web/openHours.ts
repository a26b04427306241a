/**
 * "Open now" for an entrance's weekly hours (the cloud's `hours`: windows of days + "HH:MM"
 * wall-clock times in the entrance's IANA time zone; `to` exclusive, may be "24:00"; a window with
 * `to` before `from` runs past midnight). A hint for the key holder only: the lock decides.
 */

export interface HoursWindow {
  days?: readonly string[];
  from: string;
  to: string;
}

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Weekday (0 = Sunday) and minute of the day at `time` in `timeZone`. */
export function localDayMinute(time: number, timeZone: string): { day: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(time);
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? '';
  const day = DAYS.indexOf(get('weekday').toLowerCase().slice(0, 3) as (typeof DAYS)[number]);
  return { day, minute: Number(get('hour')) * 60 + Number(get('minute')) };
}

/** True when `time` falls in one of the windows; undefined when there are no hours (always open). */
export function isOpenAt(hours: readonly HoursWindow[] | null | undefined, timeZone: string, time: number): boolean | undefined {
  if (!hours) return undefined;
  const { day, minute } = localDayMinute(time, timeZone);
  const yesterday = (day + 6) % 7;
  return hours.some((w) => {
    const days = w.days ?? DAYS;
    const from = minutes(w.from);
    const to = minutes(w.to);
    if (from < to) return days.includes(DAYS[day]!) && minute >= from && minute < to;
    // Past midnight: the evening part today, the morning part belongs to yesterday's window.
    return (days.includes(DAYS[day]!) && minute >= from) || (days.includes(DAYS[yesterday]!) && minute < to);
  });
}
