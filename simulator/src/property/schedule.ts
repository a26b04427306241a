/**
 * Input validation of weekly opening hours, shared by the property file (amenity hours) and lock
 * provisioning files. What the hours mean (wall-clock "HH:MM" in the entrance's IANA time zone,
 * `to` exclusive and may be "24:00", a window past midnight belongs to its start day) lives in
 * @keyrig/protocol's calendar (`isOpenAt`, `toScheduleWindows`); this file only checks input.
 */
import { isTimeZone, WALL_CLOCK_TIME, type Weekday } from '@keyrig/protocol';
import { z } from 'zod';

export type { Weekday };
/** Day names in the order files and descriptions list them (Monday first); day numbers are protocol's (0 = Sunday). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const satisfies readonly Weekday[];

const hhmm = z.string().regex(WALL_CLOCK_TIME, 'must be a wall-clock time "HH:MM" (00:00 to 24:00)');

export const ScheduleWindowSchema = z
  .object({
    days: z.array(z.enum(WEEKDAYS)).min(1, 'a window needs at least one day').default([...WEEKDAYS]),
    from: hhmm,
    to: hhmm,
  })
  .strict()
  .refine((w) => w.from !== w.to, { message: '"from" and "to" must differ (use 00:00-24:00 for all day)' });
export type ScheduleWindow = z.infer<typeof ScheduleWindowSchema>;

/** A weekly schedule: the union of its windows. An empty list means "never open". */
export const WeeklyScheduleSchema = z.array(ScheduleWindowSchema);
export type WeeklySchedule = z.infer<typeof WeeklyScheduleSchema>;

export { isTimeZone };

export const TimeZoneSchema = z.string().refine(isTimeZone, { message: 'must be an IANA time zone such as "Europe/Berlin"' });

/** Human text for a schedule, e.g. "mon-sun 06:00-22:00" (Seam's instant key preview `hours`). */
export function describeSchedule(schedule: WeeklySchedule | null): string {
  if (schedule === null) return 'always';
  if (schedule.length === 0) return 'never';
  return schedule
    .map((w) => {
      const days = w.days.length === 7 ? 'daily' : w.days.join(',');
      return `${days} ${w.from}-${w.to}`;
    })
    .join('; ');
}
