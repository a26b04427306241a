/**
 * Errors in Seam's shape: HTTP status + `{ error: { type, message, data?, validation_errors? } }`.
 * Routes throw these; the error handler turns them (and fastify's own 4xx) into responses.
 */
export class SeamApiError extends Error {
  constructor(
    readonly statusCode: 400 | 401 | 403 | 404 | 409 | 413 | 429 | 503,
    readonly type: string,
    message: string,
    readonly data?: Record<string, unknown>,
    /** Seam's `validation_errors` (zod's format: `{ _errors, <param>: { _errors } }`), beside `type`. */
    readonly validationErrors?: ValidationErrors,
  ) {
    super(message);
    this.name = 'SeamApiError';
  }
}

/**
 * What @seamapi/http's SeamHttpInvalidInputError reads from `error.validation_errors`:
 * `getValidationErrorMessages(param)` is `validation_errors[param]._errors`; the request-wide
 * messages are under `_errors`. Deeper paths nest the same way (zod's `format()` shape).
 */
export interface ValidationErrors {
  _errors: string[];
  [param: string]: ValidationErrors | string[];
}

/** One issue per (path, message) to Seam's `validation_errors` tree. */
export function toValidationErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): ValidationErrors {
  const root: ValidationErrors = { _errors: [] };
  for (const issue of issues) {
    let node = root;
    for (const part of issue.path) {
      const key = String(part);
      if (key === '_errors' || key === '__proto__') break;
      const next = Object.hasOwn(node, key) ? node[key] : undefined;
      node = (next && !Array.isArray(next) ? next : (node[key] = { _errors: [] })) as ValidationErrors;
    }
    node._errors.push(issue.message);
  }
  return root;
}

export const invalidInput = (message: string, data?: Record<string, unknown>, validationErrors?: ValidationErrors) =>
  new SeamApiError(400, 'invalid_input', message, data, validationErrors);
export const unauthorized = (message: string) => new SeamApiError(401, 'unauthorized', message);
export const forbidden = (type: string, message: string) => new SeamApiError(403, type, message);
export const notFound = (resource: string, id: string) =>
  new SeamApiError(404, `${resource}_not_found`, `${resource.replace(/_/g, ' ')} ${id} not found`);
export const tooManyRequests = (retryAfterMs: number) =>
  new SeamApiError(429, 'too_many_requests', `too many invalid attempts from this address: try again in ${Math.ceil(retryAfterMs / 1000)} s`, {
    retry_after_seconds: Math.ceil(retryAfterMs / 1000),
  });
