/** Turns zod issues into one line naming each field, for errors a person reads. */

/** The minimum of a zod issue this needs (zod 4's `$ZodIssue`). */
interface Issue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** `a.b[0].c`; the empty path is `the body`. */
export function issuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out === '' ? 'the body' : out;
}

/**
 * `field: message; field: message` for the first `max` issues. zod's messages name expected and
 * received types, never the value (a response may carry secrets).
 */
export function describeIssues(issues: readonly Issue[], max = 3): string {
  const shown = issues.slice(0, max).map((i) => `${issuePath(i.path)}: ${i.message}`);
  return issues.length > max ? `${shown.join('; ')} (and ${issues.length - max} more)` : shown.join('; ');
}
