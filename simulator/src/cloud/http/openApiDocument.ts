/**
 * GET /openapi.json: the cloud's OpenAPI 3.1 document, generated from @keyrig/api's schemas (the
 * ones the routes parse requests with and answer in), with this cloud's URL as its server.
 * Public, like the API's shape itself; built on the first request and kept.
 */
import type { FastifyInstance } from 'fastify';
import { buildOpenApiDocument, type OpenApiDocument } from '@keyrig/api';
import type { CloudContext } from '../context.js';

/** Where the document is served. */
export const OPENAPI_PATH = '/openapi.json';

export function registerOpenApiDocument(app: FastifyInstance, ctx: CloudContext): void {
  let document: OpenApiDocument | undefined;
  app.get(OPENAPI_PATH, async () => (document ??= buildOpenApiDocument({ serverUrl: ctx.publicUrl() })));
}
