/**
 * zod building blocks for request fields. The official Seam SDK sends GET/DELETE parameters in the
 * query string (every value a string, repeated keys for arrays, "" for an empty array) and the
 * other methods as JSON, so each helper accepts both forms; the OpenAPI document shows the JSON
 * form (zod's JSON Schema of a preprocessed field is its target schema).
 *
 * Request schemas use zod's classic API (readable chains, custom messages); they run in the cloud
 * only, so they never reach the web app's bundle (response schemas use zod/mini, see common.ts).
 */
import { z } from 'zod';

/** A UUID, any case, lower-cased. */
export const uuidParam = (name: string) =>
  z
    .string({ error: `${name} is required and must be a UUID string` })
    .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, `${name} must be a UUID`)
    .transform((s) => s.toLowerCase());

/** An ISO 8601 date-time with offset, to epoch ms. */
export const isoTimeParam = (name: string) =>
  z
    .string({ error: `${name} must be an ISO 8601 date-time string` })
    .refine((s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)), {
      message: `${name} must be an ISO 8601 date-time with a time zone, e.g. 2026-01-01T15:00:00Z`,
    })
    .transform((s) => Date.parse(s));

/** Arrays: a JSON array, or one/several query values ("" = empty array). */
export function arrayParam<T extends z.ZodType>(item: T) {
  return z.preprocess((v) => (typeof v === 'string' ? (v === '' ? [] : [v]) : v), z.array(item));
}

/** Integers: a JSON number or its decimal string from a query. */
export const intParam = (name: string, min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v),
    z.number({ error: `${name} must be an integer` }).int(`${name} must be an integer`).min(min, `${name} must be at least ${min}`).max(max, `${name} must be at most ${max}`),
  );

/** Booleans: JSON or the query's "true"/"false". */
export const boolParam = z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean());

/** Nullable optional string, from JSON null or the query's "" (the SDK sends null as ""). */
export const optionalText = (max: number) => z.preprocess((v) => (v === '' ? null : v), z.string().max(max).nullable().optional());

/** Page limit + opaque cursor shared by list routes. */
export const paginationParams = {
  limit: intParam('limit', 1, 10_000).optional(),
  page_cursor: z.string().nullable().optional(),
};

/** A route that takes no parameters. */
export const noParams = z.object({}).strict();
