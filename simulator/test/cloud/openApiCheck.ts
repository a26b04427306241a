/**
 * Checks a resource against one of @seamapi/types' OpenAPI schemas (the resources the package
 * ships only as OpenAPI: access_grant, access_method) with ajv. Seam's document is OpenAPI 3.0
 * (`nullable`, which ajv knows), so its schemas compile as draft-07 JSON Schema; refs resolve
 * inside the document. Errors read `access_grant.field: required but missing`.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: its default export is the function under `default` when imported from ESM.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

const compiled = new WeakMap<object, Map<string, ValidateFunction>>();

function validatorFor(openapi: object, name: string): ValidateFunction {
  let byName = compiled.get(openapi);
  if (!byName) {
    byName = new Map();
    compiled.set(openapi, byName);
  }
  let v = byName.get(name);
  if (!v) {
    // Seam's document uses OpenAPI keywords ajv does not know (x-*, deprecated, discriminator): not strict.
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true });
    addFormats(ajv);
    ajv.addSchema(openapi, 'seam');
    const schemas = (openapi as { components: { schemas: Record<string, unknown> } }).components.schemas;
    if (!schemas[name]) throw new Error(`no OpenAPI schema ${name}`);
    v = ajv.getSchema(`seam#/components/schemas/${name}`)!;
    byName.set(name, v);
  }
  return v;
}

/** `/a/0/b` → `.a[0].b`. */
function dotted(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p.replace(/~1/g, '/').replace(/~0/g, '~')}`))
    .join('');
}

function describe(name: string, e: ErrorObject): string {
  const at = `${name}${dotted(e.instancePath)}`;
  if (e.keyword === 'required') return `${at}.${(e.params as { missingProperty: string }).missingProperty}: required but missing`;
  if (e.keyword === 'type') return `${at}: expected ${(e.params as { type: string }).type}`;
  return `${at}: ${e.message ?? e.keyword}`;
}

/** Throws listing every mismatch between `value` and the named component schema. */
export function checkOpenApi(openapi: object, name: string, value: unknown): void {
  const validate = validatorFor(openapi, name);
  if (validate(value)) return;
  const errors = (validate.errors ?? []).map((e) => describe(name, e));
  throw new Error(`${name} does not match @seamapi/types' OpenAPI schema:\n${errors.join('\n')}`);
}

/** `/a/b` → `~1a~1b` (a JSON Pointer token). */
function pointerToken(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Throws listing every mismatch between `body` (a whole 200 answer) and the 200 response schema
 * @seamapi/types' OpenAPI document gives the route (for resources the package ships only inline,
 * e.g. instant_key_preview).
 */
export function checkOpenApiRoute(openapi: object, path: string, body: unknown): void {
  const paths = (openapi as { paths: Record<string, Record<string, unknown>> }).paths;
  const item = paths[path];
  if (!item) throw new Error(`no OpenAPI path ${path}`);
  const method = 'post' in item ? 'post' : Object.keys(item)[0]!;
  const ref = `seam#/paths/${pointerToken(path)}/${method}/responses/200/content/application~1json/schema`;
  const validate = routeValidator(openapi, ref);
  if (validate(body)) return;
  throw new Error(`${path} does not match @seamapi/types' OpenAPI response:\n${(validate.errors ?? []).map((e) => describe(path, e)).join('\n')}`);
}

function routeValidator(openapi: object, ref: string): ValidateFunction {
  const key = `route:${ref}`;
  let byName = compiled.get(openapi);
  if (!byName) compiled.set(openapi, (byName = new Map()));
  let v = byName.get(key);
  if (!v) {
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true });
    addFormats(ajv);
    ajv.addSchema(openapi, 'seam');
    v = ajv.compile({ $ref: ref });
    byName.set(key, v);
  }
  return v;
}
