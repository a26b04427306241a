/**
 * A small OpenAPI 3 schema checker for the resources @seamapi/types ships only as OpenAPI
 * (access_grant, access_method): type, nullable, required, properties, items, enum, formats
 * uuid/date-time/uri, oneOf/anyOf/allOf. Enough to catch a missing or mistyped field.
 */
type Schema = Record<string, any>;

function check(schema: Schema, value: unknown, path: string, errors: string[]): void {
  if (value === null) {
    if (!schema.nullable && schema.type !== undefined) errors.push(`${path}: null but not nullable`);
    return;
  }
  if (schema.allOf) for (const s of schema.allOf) check(s, value, path, errors);
  for (const key of ['oneOf', 'anyOf'] as const) {
    if (!schema[key]) continue;
    const ok = (schema[key] as Schema[]).some((s) => {
      const e: string[] = [];
      check(s, value, path, e);
      return e.length === 0;
    });
    if (!ok) errors.push(`${path}: matches none of ${key}`);
  }
  switch (schema.type) {
    case 'string':
      if (typeof value !== 'string') return void errors.push(`${path}: expected string, got ${typeof value}`);
      if (schema.format === 'uuid' && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) errors.push(`${path}: not a uuid`);
      if (schema.format === 'date-time' && Number.isNaN(Date.parse(value))) errors.push(`${path}: not a date-time`);
      if (schema.format === 'uri' && !/^[a-z]+:\/\//i.test(value)) errors.push(`${path}: not a uri`);
      break;
    case 'integer':
    case 'number':
      if (typeof value !== 'number' || (schema.type === 'integer' && !Number.isInteger(value))) errors.push(`${path}: expected ${schema.type}`);
      break;
    case 'boolean':
      if (typeof value !== 'boolean') errors.push(`${path}: expected boolean`);
      break;
    case 'array':
      if (!Array.isArray(value)) return void errors.push(`${path}: expected array`);
      if (schema.items) value.forEach((v, i) => check(schema.items, v, `${path}[${i}]`, errors));
      break;
    case 'object':
      if (typeof value !== 'object' || Array.isArray(value)) return void errors.push(`${path}: expected object`);
      break;
  }
  if (schema.enum && !schema.enum.includes(value)) errors.push(`${path}: ${JSON.stringify(value)} not in ${JSON.stringify(schema.enum)}`);
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    for (const r of schema.required ?? []) if (obj[r] === undefined) errors.push(`${path}.${r}: required but missing`);
    for (const [k, s] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) {
      if (k in obj && obj[k] !== undefined) check(s, obj[k], `${path}.${k}`, errors);
    }
  }
}

/** Throws listing every mismatch between `value` and the named component schema. */
export function checkOpenApi(openapi: any, name: string, value: unknown): void {
  const schema = openapi.components.schemas[name];
  if (!schema) throw new Error(`no OpenAPI schema ${name}`);
  const errors: string[] = [];
  check(schema, value, name, errors);
  if (errors.length > 0) throw new Error(`${name} does not match @seamapi/types' OpenAPI schema:\n${errors.join('\n')}`);
}
