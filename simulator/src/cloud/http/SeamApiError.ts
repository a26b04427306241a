/**
 * Errors in Seam's shape: HTTP status + `{ error: { type, message, data? } }`. Routes throw these;
 * the error handler turns them (and fastify's own 4xx) into responses.
 */
export class SeamApiError extends Error {
  constructor(
    readonly statusCode: 400 | 401 | 403 | 404 | 409 | 413 | 429 | 503,
    readonly type: string,
    message: string,
    readonly data?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'SeamApiError';
  }
}

export const invalidInput = (message: string, data?: Record<string, unknown>) =>
  new SeamApiError(400, 'invalid_input', message, data);
export const unauthorized = (message: string) => new SeamApiError(401, 'unauthorized', message);
export const forbidden = (type: string, message: string) => new SeamApiError(403, type, message);
export const notFound = (resource: string, id: string) =>
  new SeamApiError(404, `${resource}_not_found`, `${resource.replace(/_/g, ' ')} ${id} not found`);
export const tooManyRequests = (retryAfterMs: number) =>
  new SeamApiError(429, 'too_many_requests', `too many invalid attempts from this address: try again in ${Math.ceil(retryAfterMs / 1000)} s`, {
    retry_after_seconds: Math.ceil(retryAfterMs / 1000),
  });
