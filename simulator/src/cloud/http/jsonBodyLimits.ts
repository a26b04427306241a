/**
 * Limits on what the cloud parses from a request body (docs/CLOUD.md, "Body limits"). A body is
 * scanned once, in linear time and without recursion, before JSON.parse sees it: a body nested
 * deeper than MAX_JSON_DEPTH is refused, so no caller can make the parser (or the schema check
 * after it) walk a million-deep structure on the event loop. Routes without authentication
 * (`auth: 'public'`) also get a small body limit; fastify refuses a larger body from its
 * Content-Length before reading it (413).
 */

/** Arrays/objects inside each other at most (Seam's deepest request body nests 4 levels). */
export const MAX_JSON_DEPTH = 32;

/** Bytes a body to an unauthenticated route may have (an instant key URL is < 300 bytes). */
export const PUBLIC_BODY_LIMIT = 16 * 1024;

/** Bytes a body to an authenticated route may have. */
export const AUTHENTICATED_BODY_LIMIT = 1024 * 1024;

/** The nesting depth `text` reaches first past `max`, or null when it stays within `max`. */
export function jsonDepthBeyond(text: string, max: number): number | null {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return depth;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return null;
}
