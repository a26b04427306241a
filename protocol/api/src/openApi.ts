/**
 * The OpenAPI 3.1 document of the access cloud, generated from the route table (routes.ts) with
 * zod's JSON Schema output (OpenAPI 3.1 schemas are JSON Schema 2020-12). Every route is
 * `POST <path>` with a JSON body (the cloud also answers other methods with the query string,
 * as Seam's SDK uses them). Served by the cloud at GET /openapi.json (docs/CLOUD.md).
 */
import * as z from 'zod/mini';
import type { $ZodType } from 'zod/v4/core';
import { apiErrorResponse } from './common.js';
import { cloudApi, type ApiRoute } from './routes.js';

/** A JSON Schema object as zod emits it. */
export type JsonSchema = Record<string, unknown>;

/** The document (only the parts keyrig writes are typed). */
export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers?: { url: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, { post: OpenApiOperation }>;
  components: { securitySchemes: Record<string, unknown>; schemas: Record<string, JsonSchema> };
}

export interface OpenApiOperation {
  operationId: string;
  tags: string[];
  summary: string;
  security: Record<string, string[]>[];
  requestBody: { required: true; content: { 'application/json': { schema: JsonSchema } } };
  responses: Record<'200' | 'default', { description: string; content: { 'application/json': { schema: JsonSchema } } }>;
}

export interface OpenApiOptions {
  /** The cloud's base URL, listed under `servers`. */
  serverUrl?: string;
  /** The document's `info.version` (default the package version). */
  version?: string;
}

/** Where a route's JSON Schema goes: request bodies are read as input, responses as output. */
function jsonSchema(schema: $ZodType, io: 'input' | 'output'): JsonSchema {
  const out = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as JsonSchema;
  delete out.$schema; // OpenAPI 3.1 fixes the dialect for the whole document
  return out;
}

/** The 200 body: the route's response plus `ok: true`. */
export function responseWithOk(route: ApiRoute): $ZodType {
  return z.extend(route.response as unknown as z.ZodMiniObject, { ok: z.literal(true) });
}

const TAGS = [
  { name: 'seam', description: 'Seam Connect compatible routes (a subset; docs/CLOUD.md)' },
  { name: 'key_holder', description: "A key holder's phone or browser: instant key, endpoints, credentials, audit" },
  { name: 'keyrig', description: "keyrig's own administration routes" },
  { name: 'control', description: 'Test control (only with --control-routes)' },
];

/** Builds the document; pure, so tests and the cloud get the same one. */
export function buildOpenApiDocument(options: OpenApiOptions = {}): OpenApiDocument {
  const error = jsonSchema(apiErrorResponse, 'output');
  const paths: OpenApiDocument['paths'] = {};
  for (const [name, route] of Object.entries(cloudApi) as [string, ApiRoute][]) {
    paths[route.path] = {
      post: {
        operationId: name,
        tags: [route.tag],
        summary: route.summary,
        security: route.auth === 'public' ? [] : route.auth.map((kind) => ({ [kind]: [] })),
        requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.input, 'input') } } },
        responses: {
          '200': { description: 'Success', content: { 'application/json': { schema: jsonSchema(responseWithOk(route), 'output') } } },
          default: { description: "An error in Seam's shape", content: { 'application/json': { schema: { $ref: '#/components/schemas/error' } } } },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'keyrig access cloud',
      version: options.version ?? '0.1.0',
      description: 'A Seam Connect compatible access cloud for BLE mobile keys, with keyrig extensions (docs/CLOUD.md).',
    },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    tags: TAGS,
    paths,
    components: {
      securitySchemes: {
        api_key: { type: 'http', scheme: 'bearer', description: 'A workspace API key (seam_…)' },
        client_session: { type: 'http', scheme: 'bearer', description: "A key holder's client session token (seam_cst…), from /instant_keys/open" },
      },
      schemas: { error },
    },
  };
}
