/**
 * Checks a body against a route's response schema, strictly: besides zod's own checks, a field
 * the schema does not declare is a mismatch (zod would strip it silently). The cloud runs this on
 * every response when started with `validateResponses` (its tests do); clients parse with zod
 * directly and tolerate new fields.
 */
import * as z from 'zod/mini';
import type { $ZodType, input as zInput, output as zOutput } from 'zod/v4/core';
import { describeIssues, issuePath } from './describeIssues.js';
import type { ApiRoute } from './routes.js';

/** What a route's handler receives: its request schema's output. */
export type RouteInput<R extends ApiRoute> = zOutput<R['input']>;

/** What a client sends to a route: its request schema's input (JSON form). */
export type RouteRequestBody<R extends ApiRoute> = zInput<R['input']>;

/** What a route's handler returns: its response schema's input (without `ok`). */
export type RouteResponse<R extends ApiRoute> = zInput<R['response']>;

/** Keys of `given` that `parsed` lost (zod strips undeclared fields of plain objects). */
function undeclared(given: unknown, parsed: unknown, path: PropertyKey[], out: string[]): void {
  if (Array.isArray(given) && Array.isArray(parsed)) {
    given.forEach((g, i) => undeclared(g, parsed[i], [...path, i], out));
    return;
  }
  if (given === null || parsed === null || typeof given !== 'object' || typeof parsed !== 'object') return;
  for (const [k, v] of Object.entries(given)) {
    if (v === undefined) continue;
    if (!(k in parsed)) out.push(`${issuePath([...path, k])}: not in the schema`);
    else undeclared(v, (parsed as Record<string, unknown>)[k], [...path, k], out);
  }
}

/** Mismatches between `body` and `schema`, each naming its field; empty when it conforms. */
export function schemaMismatches(schema: $ZodType, body: unknown): string[] {
  const r = z.safeParse(schema, body);
  if (!r.success) return [describeIssues(r.error.issues, 10)];
  const extra: string[] = [];
  undeclared(body, r.data, [], extra);
  return extra;
}

/** Any zod schema (classic or mini), for code that takes schemas without importing zod. */
export type AnySchema = $ZodType;
/** What a schema parses to. */
export type SchemaOutput<S extends $ZodType> = zOutput<S>;
/** What a schema accepts. */
export type SchemaInput<S extends $ZodType> = zInput<S>;
