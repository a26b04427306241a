/**
 * Checks one recorded exchange against @seamapi/types, independently of keyrig's own schemas:
 *
 * - a 200 on a Seam route: the whole body against that route's response schema in Seam's OpenAPI
 *   document (`paths[route].post.responses.200`, ajv), so envelopes (`pagination`, `ok`) count;
 * - any body: every top-level resource Seam ships a zod schema for (`user_identity`,
 *   `instant_keys`, `client_session`, `events`, `pagination`, …) against that zod schema —
 *   keyrig-only routes included (`/instant_keys/open` answers a `client_session`);
 * - an error: Seam's error envelope `{ error: { type, message } }` (the SDK reads these).
 *
 * Returns the mismatches as readable lines (empty: the exchange is valid).
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { openapi, schemas } from '@seamapi/types/connect';
import type { Exchange } from './recordingProxy.js';

// ajv-formats is CommonJS: its default export is the function under `default` when imported from ESM.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

interface ZodLike {
  safeParse(v: unknown): { success: true } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
}
const zod = schemas as unknown as Record<string, ZodLike>;

/** Response keys → the @seamapi/types zod schema of one item. */
const ZOD_FOR_KEY: Record<string, string> = {
  workspace: 'workspace', workspaces: 'workspace',
  acs_entrance: 'acs_entrance', acs_entrances: 'acs_entrance',
  acs_credential: 'acs_credential', acs_credentials: 'acs_credential',
  user_identity: 'user_identity', user_identities: 'user_identity',
  instant_key: 'instant_key', instant_keys: 'instant_key',
  client_session: 'client_session', client_sessions: 'client_session',
  event: 'seam_event', events: 'seam_event',
  webhook: 'webhook', webhooks: 'webhook',
  pagination: 'pagination',
};

const paths = (openapi as unknown as { paths: Record<string, Record<string, unknown>> }).paths;

let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

function responseValidator(path: string): ValidateFunction {
  let v = validators.get(path);
  if (!v) {
    if (!ajv) {
      // Seam's document is OpenAPI 3.0 with x-* keywords ajv does not know: not strict.
      ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true });
      addFormats(ajv);
      ajv.addSchema(openapi as object, 'seam');
    }
    const pointer = `/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/post/responses/200/content/application~1json/schema`;
    v = ajv.getSchema(`seam#${pointer}`);
    if (!v) throw new Error(`Seam's OpenAPI document has no 200 response schema for ${path}`);
    validators.set(path, v);
  }
  return v;
}

/** `/a/0/b` → `.a[0].b`. */
function dotted(pointer: string): string {
  return pointer.split('/').slice(1).map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p.replace(/~1/g, '/').replace(/~0/g, '~')}`)).join('');
}

function ajvLine(e: ErrorObject): string {
  const at = `body${dotted(e.instancePath)}`;
  if (e.keyword === 'required') return `${at}.${(e.params as { missingProperty: string }).missingProperty}: required but missing`;
  if (e.keyword === 'type') return `${at}: expected ${(e.params as { type: string }).type}`;
  return `${at}: ${e.message ?? e.keyword}`;
}

/** True when Seam's OpenAPI document has this route. */
export function isSeamRoute(path: string): boolean {
  return Object.prototype.hasOwnProperty.call(paths, path);
}

/** Every mismatch between one exchange and @seamapi/types. */
export function seamMismatches(x: Exchange): string[] {
  const out: string[] = [];
  const body = x.responseBody;
  if (x.path.startsWith('/ik/')) return out; // the key page (HTML), not an API response
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return [`not a JSON object (${x.responseContentType ?? 'no content type'})`];
  const obj = body as Record<string, unknown>;
  if (x.status !== 200) {
    const err = obj.error as Record<string, unknown> | undefined;
    if (!err || typeof err.type !== 'string' || typeof err.message !== 'string') out.push('error body is not Seam\'s { error: { type, message } }');
    return out;
  }
  if (isSeamRoute(x.path)) {
    const validate = responseValidator(x.path);
    if (!validate(body)) out.push(...(validate.errors ?? []).map(ajvLine).map((l) => `OpenAPI ${x.path}: ${l}`));
  }
  for (const [key, value] of Object.entries(obj)) {
    const name = ZOD_FOR_KEY[key];
    const schema = name ? zod[name] : undefined;
    if (!schema) continue;
    const items = Array.isArray(value) && key !== 'pagination' ? value : [value];
    items.forEach((item, i) => {
      const r = schema.safeParse(item);
      if (!r.success) {
        const where = Array.isArray(value) ? `${key}[${i}]` : key;
        for (const issue of r.error.issues.slice(0, 5)) out.push(`zod ${name}: ${where}.${issue.path.map(String).join('.')}: ${issue.message}`);
      }
    });
  }
  return out;
}
