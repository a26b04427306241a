/**
 * A place's local calendar time, for schedules, opening hours and daily limits (PROTOCOL.md §6).
 * An IANA zone is evaluated with Intl.DateTimeFormat (in browsers and Node), so daylight saving
 * time is right; a fixed offset is plain arithmetic. Days of the week are numbered as the §6 day
 * mask: 0 = Sunday … 6 = Saturday — the one weekday convention of keyrig.
 */
import { KeyrigError } from '../errors.js';

/** A local time zone: an IANA name ("Europe/Zurich") or a fixed offset from UTC. */
export type TimeZone = string | { readonly utcOffsetMinutes: number };

/** Local calendar facts of one instant. */
export interface LocalTime {
  /** 0 Sunday … 6 Saturday (the schedule mask bit). */
  readonly dayOfWeek: number;
  /** Minutes since local midnight, 0..1439. */
  readonly minuteOfDay: number;
  /** The local date, "YYYY-MM-DD": the key for per-day counters. */
  readonly date: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAY_ABBREVIATIONS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        weekday: 'short',
      });
    } catch (cause) {
      throw new KeyrigError('config', `unknown time zone "${zone}"`, { cause });
    }
    formatters.set(zone, f);
  }
  return f;
}

/** True when `zone` is an IANA time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Local day of week, minute of day and date of `time` (ms) in `zone`. Throws KeyrigError('config') for an unknown zone. */
export function localTime(time: number, zone: TimeZone): LocalTime {
  if (typeof zone !== 'string') {
    const d = new Date(time + zone.utcOffsetMinutes * 60_000);
    return {
      dayOfWeek: d.getUTCDay(),
      minuteOfDay: d.getUTCHours() * 60 + d.getUTCMinutes(),
      date: `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`,
    };
  }
  const parts: Record<string, string> = {};
  for (const p of formatter(zone).formatToParts(time)) parts[p.type] = p.value;
  const dayOfWeek = WEEKDAY_ABBREVIATIONS.indexOf(parts.weekday ?? '');
  // Some runtimes print midnight as "24" even with h23.
  const hour = Number(parts.hour) % 24;
  return {
    dayOfWeek,
    minuteOfDay: hour * 60 + Number(parts.minute),
    date: `${parts.year}-${parts.month}-${parts.day}`,
  };
}
