/**
 * Cross-cutting HTTP behaviour: `seam-request-id` on every response, Seam's error shape for every
 * error (fastify's own 4xx become 400 invalid_input; unexpected errors 500 without details), a
 * 404 in that shape for unknown routes, the simulated outage, and one access log line per
 * request with secrets stripped from the URL (fastify's own request logging is off).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyInstance } from 'fastify';
import type { CloudContext } from '../context.js';
import { SeamApiError } from './SeamApiError.js';
import { jsonDepthBeyond, MAX_JSON_DEPTH } from './jsonBodyLimits.js';
import { normalizeQuery } from './defineRoute.js';

/**
 * The path without query, with anything after /ik/ that could be a secret replaced (web app
 * files have a dot in their name; a secret, or a mistyped one, never does).
 */
export function redactUrl(url: string): string {
  const path = url.split('?')[0] ?? '';
  return path.replace(/\/ik\/([^/]*)/, (whole, segment: string) => (/^[\w-]*\.[\w.-]+$/.test(segment) && !segment.includes('..') ? whole : '/ik/[redacted]'));
}

/** JSON bodies; an empty body is `{}` (curl -X POST without -d), and prototype keys are dropped. */
function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return {};
  // Refused before JSON.parse: a deep body costs the parser (and schema checks) time on the event loop.
  if (jsonDepthBeyond(text, MAX_JSON_DEPTH) !== null) {
    throw new SeamApiError(400, 'invalid_input', `the request body nests arrays/objects deeper than ${MAX_JSON_DEPTH} levels (refused unparsed)`);
  }
  return JSON.parse(text, (key, value: unknown) => (key === '__proto__' || key === 'constructor' ? undefined : value));
}

/**
 * Form bodies. Older official SDKs (seam 1.160 / @seamapi/http 1.102) send a POST without a body
 * but with `Content-Type: application/x-www-form-urlencoded` for calls without parameters: that is
 * `{}`, as Seam takes it. A form with fields reads like a query string (repeated keys are arrays,
 * dotted names nest).
 */
function parseFormBody(text: string): unknown {
  if (text.trim() === '') return {};
  const fields = Object.create(null) as Record<string, string | string[]>;
  for (const [key, value] of new URLSearchParams(text)) {
    const had = Object.hasOwn(fields, key) ? fields[key] : undefined;
    fields[key] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
  }
  return normalizeQuery(fields);
}

export function installHttpBehaviour(app: FastifyInstance, ctx: CloudContext): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseFormBody(body as string));
    } catch (err) {
      done(err instanceof SeamApiError ? err : new SeamApiError(400, 'invalid_input', `the form body cannot be read: ${(err as Error).message}`), undefined);
    }
  });
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (err) {
      if (err instanceof SeamApiError) return done(err, undefined);
      done(new SeamApiError(400, 'invalid_input', `the request body is not valid JSON: ${(err as Error).message}`), undefined);
    }
  });
  app.addHook('onRequest', async (request, reply) => {
    // Every response: no MIME sniffing, never indexed, never framed, nothing loaded (the key pages
    // under /ik/ replace the CSP with theirs: instantKeyPage.ts). docs/CLOUD.md, "Security headers".
    void reply
      .header('seam-request-id', request.id)
      .header('x-content-type-options', 'nosniff')
      .header('x-robots-tag', 'noindex, nofollow')
      .header('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
    if (ctx.control?.outage && !request.url.startsWith('/_keyrig/')) {
      throw new SeamApiError(503, 'service_unavailable', ctx.control.outage.message);
    }
  });

  app.addHook('onResponse', async (request, reply) => {
    ctx.logger.info(
      { reqId: request.id, method: request.method, url: redactUrl(request.url), statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
  });

  app.setErrorHandler((error: FastifyError | SeamApiError, request, reply) => {
    let status: number;
    let body: { type: string; message: string; data?: Record<string, unknown>; validation_errors?: unknown };
    if (error instanceof SeamApiError) {
      status = error.statusCode;
      body = {
        type: error.type,
        message: error.message,
        ...(error.data ? { data: error.data } : {}),
        ...(error.validationErrors ? { validation_errors: error.validationErrors } : {}),
      };
    } else if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      // Refused from Content-Length (or while reading), before any parsing.
      status = 413;
      const limit = request.routeOptions.bodyLimit;
      body = { type: 'payload_too_large', message: `the request body is larger than ${limit} bytes, the most ${redactUrl(request.url)} accepts` };
    } else if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      // Unparseable JSON, wrong content type, body too large...: the caller's mistake, said plainly.
      status = 400;
      body = { type: 'invalid_input', message: `invalid request: ${error.message}` };
    } else {
      status = 500;
      body = { type: 'internal_server_error', message: `internal error (request ${request.id})` };
      ctx.logger.error({ reqId: request.id, err: error }, 'unhandled error in route');
    }
    if (status === 429 && error instanceof SeamApiError && typeof error.data?.retry_after_seconds === 'number') {
      void reply.header('retry-after', String(error.data.retry_after_seconds));
    }
    void reply.status(status).header('content-type', 'application/json').send({ error: { ...body, request_id: request.id } });
  });

  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({
      error: { type: 'endpoint_not_found', message: `no route ${request.method} ${redactUrl(request.url)} (keyrig implements a subset of Seam Connect: see docs/CLOUD.md)`, request_id: request.id },
    });
  });
}

export const genRequestId = (): string => randomUUID();
