/**
 * The property file: a building's entrances and the locks on them (docs/CLOUD.md, "Property
 * file"). The access cloud seeds its entrances from it and the lock simulator
 * (`keyrig lock run --property FILE`) starts one lock per `locks[]` entry from the same file.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { KeyrigError } from '@keyrig/protocol';
import { TimeZoneSchema, WeeklyScheduleSchema } from './schedule.js';

export const ENTRANCE_TYPES = ['door', 'elevator', 'amenity'] as const;
export type EntranceType = (typeof ENTRANCE_TYPES)[number];

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be a lower-case UUID');
const key = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be 1-64 characters of a-z, 0-9, "-" or "_", starting with a letter or digit');

export const PropertyLockSchema = z
  .object({
    /** Stable lock id (PROTOCOL.md §1: the 16-byte id in the advertisement). Derived when omitted. */
    lock_id: uuid.optional(),
    /** Name shown in scans and logs, e.g. "Room 101 door". Defaults to the entrance's name. */
    name: z.string().min(1).max(100).optional(),
  })
  .strict();

export const PropertyEntranceSchema = z
  .object({
    /** Stable key unique in the property, e.g. "room-101". Ids are derived from it. */
    key,
    display_name: z.string().min(1).max(100),
    type: z.enum(ENTRANCE_TYPES),
    /** Seam/Visionline-style category: guest room, common area, elevator reader, main entrance. */
    category: z.enum(['guest', 'common', 'elevator_reader', 'entrance']).optional(),
    /** Elevator only: the floors its reader can release. */
    floors: z.array(z.number().int().min(-20).max(300)).min(1).optional(),
    /** Opening hours (amenities; optional for any entrance). Omitted: always open to valid keys. */
    hours: WeeklyScheduleSchema.optional(),
    /** At least one lock; default: one lock named after the entrance. */
    locks: z.array(PropertyLockSchema).min(1).default([{}]),
  })
  .strict()
  .superRefine((e, ctx) => {
    if (e.type === 'elevator' && e.floors === undefined) {
      ctx.addIssue({ code: 'custom', path: ['floors'], message: 'an elevator entrance needs "floors"' });
    }
    if (e.type !== 'elevator' && e.floors !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['floors'], message: 'only an elevator entrance has "floors"' });
    }
    if (e.floors && new Set(e.floors).size !== e.floors.length) {
      ctx.addIssue({ code: 'custom', path: ['floors'], message: 'floors must not repeat' });
    }
  });

export const PropertyFileSchema = z
  .object({
    version: z.literal(1),
    name: z.string().min(1).max(100),
    /** IANA time zone of the building; hours and schedules are wall-clock times in it. */
    time_zone: TimeZoneSchema,
    /** The front desk in words for guests whose phone cannot open locks ("Call +49 30 1234 5678, open 24 h"). */
    front_desk: z.string().min(1).max(200).optional(),
    entrances: z.array(PropertyEntranceSchema).min(1),
  })
  .strict()
  .superRefine((p, ctx) => {
    const keys = new Set<string>();
    const lockIds = new Set<string>();
    p.entrances.forEach((e, i) => {
      if (keys.has(e.key)) ctx.addIssue({ code: 'custom', path: ['entrances', i, 'key'], message: `duplicate entrance key "${e.key}"` });
      keys.add(e.key);
      e.locks.forEach((l, j) => {
        if (l.lock_id === undefined) return;
        if (lockIds.has(l.lock_id)) {
          ctx.addIssue({ code: 'custom', path: ['entrances', i, 'locks', j, 'lock_id'], message: `duplicate lock_id ${l.lock_id}` });
        }
        lockIds.add(l.lock_id);
      });
    });
  });

export type PropertyFileInput = z.input<typeof PropertyFileSchema>;
export type PropertyFile = z.output<typeof PropertyFileSchema>;
export type PropertyEntrance = PropertyFile['entrances'][number];

/** A property entrance with its derived ids resolved: what the cloud and lock simulator use. */
export interface ResolvedEntrance extends Omit<PropertyEntrance, 'locks'> {
  acs_entrance_id: string;
  locks: { lock_id: string; name: string }[];
}

/**
 * A stable UUID (version 8, RFC 9562 §5.8) from a name: the same property file gives the same ids
 * in the cloud and in the lock simulator without either one storing them.
 */
export function deriveId(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest();
  h[6] = (h[6]! & 0x0f) | 0x80;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** Entrance and lock ids for every entrance of a property (derived from keys when omitted). */
export function resolveEntrances(property: PropertyFile): ResolvedEntrance[] {
  return property.entrances.map((e) => ({
    ...e,
    acs_entrance_id: deriveId('keyrig-entrance', property.name, e.key),
    locks: e.locks.map((l, i) => ({
      lock_id: l.lock_id ?? deriveId('keyrig-lock', property.name, e.key, String(i)),
      name: l.name ?? (e.locks.length === 1 ? e.display_name : `${e.display_name} #${i + 1}`),
    })),
  }));
}

/** One line per zod issue, with its JSON path: "entrances.2.floors: an elevator entrance needs ...". */
export function formatZodIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ');
}

/** Validates a parsed JSON value as a property file; throws KeyrigError('config') saying what is wrong. */
export function parsePropertyFile(value: unknown, source = 'property file'): PropertyFile {
  const result = PropertyFileSchema.safeParse(value);
  if (!result.success) throw new KeyrigError('config', `${source} is invalid: ${formatZodIssues(result.error)}`);
  return result.data;
}

/** Reads and validates a property file from disk. */
export function loadPropertyFile(path: string): PropertyFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new KeyrigError('io', `cannot read property file ${path}`, { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new KeyrigError('config', `property file ${path} is not valid JSON: ${(cause as Error).message}`, { cause });
  }
  return parsePropertyFile(json, `property file ${path}`);
}
