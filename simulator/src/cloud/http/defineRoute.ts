/**
 * One file per route (as fake-seam-connect does): each route file exports a `defineRoute(...)`
 * with its entry of the API table (@keyrig/api: path, who may call it, request and response
 * schema) and a handler whose return value is type-checked against the response schema. Seam's
 * SDK uses GET, POST, PUT, PATCH and DELETE on the same path, so every route answers all of them:
 * query-string and JSON body are merged (body wins) and validated by the request schema.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { schemaMismatches, type AnySchema, type ApiRoute, type SchemaInput, type SchemaOutput } from '@keyrig/api';
import type { z } from 'zod';
import type { CloudContext } from '../context.js';
import { authenticate, type Caller } from '../auth/authenticate.js';
import { formatZodIssues } from '../../property/propertyFile.js';
import { invalidInput, forbidden, toValidationErrors } from './SeamApiError.js';
import { AUTHENTICATED_BODY_LIMIT, PUBLIC_BODY_LIMIT } from './jsonBodyLimits.js';

/** A route of the API table with its handler. */
export interface RouteDefinition<I extends AnySchema = AnySchema, O extends AnySchema = AnySchema> extends ApiRoute<I, O> {
  /** Returns the response without `ok` (added here): `{ user_identity: {...} }`. */
  handler(args: { ctx: CloudContext; input: SchemaOutput<I>; caller: Caller | null; request: FastifyRequest }): SchemaInput<O> | Promise<SchemaInput<O>>;
}

/** Binds a handler to its API table entry; the handler's input and return types come from the entry's schemas. */
export function defineRoute<I extends AnySchema, O extends AnySchema>(def: RouteDefinition<I, O>): RouteDefinition {
  return def as unknown as RouteDefinition;
}

/** How routes are registered. */
export interface RegisterRouteOptions {
  /**
   * Check every 200 body against the route's response schema (undeclared fields included) and
   * answer 500 naming the mismatch. For tests: it costs a parse per response.
   */
  validateResponses?: boolean;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Query-string values with Seam's dotted names nested ("customization.primary_color"). Objects
 * are made without a prototype, so a name such as `__proto__.x` or `constructor.prototype.x` is
 * an ordinary (unknown, hence refused) key and can never write onto Object.prototype; such names
 * are refused outright with a message that says so.
 */
export function normalizeQuery(query: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  if (query === null || typeof query !== 'object') return out;
  for (const [key, value] of Object.entries(query as Record<string, unknown>)) {
    if (key === '_strict') continue; // the SDK marks its query strings with it
    const path = key.split('.');
    // Nesting dotted names must never write through to Object.prototype.
    if (path.some((p) => FORBIDDEN_KEYS.has(p))) throw invalidInput(`query parameter "${key.slice(0, 60)}" is not allowed`);
    let node = out;
    for (const part of path.slice(0, -1)) {
      const next = node[part];
      node = (next !== null && typeof next === 'object' && !Array.isArray(next) ? next : (node[part] = Object.create(null))) as Record<string, unknown>;
    }
    node[path[path.length - 1]!] = value;
  }
  return out;
}

/** A route answered something its response schema does not allow (only with validateResponses). */
export class ResponseSchemaError extends Error {
  constructor(path: string, mismatches: readonly string[]) {
    super(`the response of ${path} does not match its schema: ${mismatches.join('; ')}`);
    this.name = 'ResponseSchemaError';
  }
}

export function registerRoute(app: FastifyInstance, ctx: CloudContext, def: RouteDefinition, options: RegisterRouteOptions = {}): void {
  const callers = new WeakMap<FastifyRequest, Caller>();
  app.route({
    method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    url: def.path,
    // Unauthenticated routes take small bodies; the others authenticate before the body is read,
    // so only a caller with a key can make the cloud parse a large one (docs/CLOUD.md, "Body limits").
    bodyLimit: def.auth === 'public' ? PUBLIC_BODY_LIMIT : AUTHENTICATED_BODY_LIMIT,
    onRequest: async (request) => {
      if (def.auth === 'public') return;
      const caller = authenticate(ctx, request.headers);
      if (!def.auth.includes(caller.kind)) {
        throw forbidden(
          'forbidden',
          caller.kind === 'client_session'
            ? `a client session token cannot call ${def.path}; use a workspace API key`
            : `${def.path} is for key holders; call it with a client session token`,
        );
      }
      callers.set(request, caller);
    },
    handler: async (request) => {
      const caller: Caller | null = callers.get(request) ?? null;
      const body = request.body;
      if (body !== undefined && body !== null && (typeof body !== 'object' || Array.isArray(body))) {
        throw invalidInput('the request body must be a JSON object');
      }
      const merged = { ...normalizeQuery(request.query), ...((body as Record<string, unknown> | undefined) ?? {}) };
      // Request schemas are classic zod (@keyrig/api/requests), so they have safeParse.
      const parsed = (def.input as unknown as z.ZodType).safeParse(merged);
      if (!parsed.success) {
        // Seam's place (error.validation_errors, what the SDK reads) and keyrig's flat list (error.data).
        throw invalidInput(
          `invalid input to ${def.path}: ${formatZodIssues(parsed.error)}`,
          { validation_errors: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
          toValidationErrors(parsed.error.issues),
        );
      }
      const result = (await def.handler({ ctx, input: parsed.data as never, caller, request })) as Record<string, unknown>;
      if (options.validateResponses) {
        const mismatches = schemaMismatches(def.response, JSON.parse(JSON.stringify(result)));
        if (mismatches.length > 0) throw new ResponseSchemaError(def.path, mismatches);
      }
      return { ...result, ok: true };
    },
  });
}
