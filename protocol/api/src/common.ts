/**
 * Building blocks of response schemas. Responses use zod/mini (zod 4's tree-shakable API): the web
 * app parses key-holder responses with them, and full zod would add ~20 KB gzipped to its bundle
 * (docs/CLOUD.md, "API schemas"). Ids are plain strings: the cloud's are UUIDs, but a client
 * checks shape, not provenance.
 */
import * as z from 'zod/mini';

/** An ISO 8601 date-time as the cloud writes it (`Date.prototype.toISOString`). */
export const dateTime = z.iso.datetime({ offset: true });

/** base64url without padding (bytes the client decodes). */
export const base64url = z.string().check(z.regex(/^[A-Za-z0-9_-]*$/, 'must be base64url'));

/** Seam's `errors` / `warnings` lists (always empty in keyrig). */
export const emptyList = z.array(z.unknown());

/** Seam's list `pagination` (the lists the SDK paginates; docs/CLOUD.md "Pagination"). */
export const paginationSchema = z.object({
  has_next_page: z.boolean(),
  next_page_cursor: z.nullable(z.string()),
  /** The next page as a GET URL (the request's parameters and the cursor); null on the last page. */
  next_page_url: z.nullable(z.url()),
});

/** A response with nothing but `ok` (deletes, updates). */
export const emptyResponse = z.object({});

/** Seam's error body: every non-2xx answer. */
export const apiErrorResponse = z.object({
  error: z.looseObject({
    type: z.string(),
    message: z.string(),
    request_id: z.optional(z.string()),
    data: z.optional(z.record(z.string(), z.unknown())),
    /** Seam's place for invalid_input details: `{ _errors: [...], <param>: { _errors: [...] } }`. */
    validation_errors: z.optional(z.record(z.string(), z.unknown())),
  }),
});
export type ApiErrorResponse = z.infer<typeof apiErrorResponse>;

/** A P-256 public key as a JWK; x and y are 32-byte coordinates (43 base64url characters). */
export const p256PublicJwk = z.looseObject({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: base64url.check(z.length(43, 'must be a P-256 coordinate (32 bytes)')),
  y: base64url.check(z.length(43, 'must be a P-256 coordinate (32 bytes)')),
});

/** A provider verification key (PROTOCOL.md §5). */
export const providerKeySchema = z.object({
  kid: z.string(),
  alg: z.literal('ES256'),
  public_jwk: p256PublicJwk,
  status: z.enum(['active', 'retired', 'revoked']),
  created_at: dateTime,
});
export type ProviderKeyJson = z.infer<typeof providerKeySchema>;

/** Weekly opening hours (simulator/src/property/schedule.ts): windows of days and wall-clock times. */
export const weeklyScheduleSchema = z.array(
  z.object({ days: z.array(z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'])), from: z.string(), to: z.string() }),
);

/** The entrance types of a property. */
export const entranceTypeSchema = z.enum(['door', 'elevator', 'amenity']);
