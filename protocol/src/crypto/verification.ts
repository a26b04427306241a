import { resultCodeName, type ResultCodeName, type ResultCodeValue } from '../resultCodes.js';

/**
 * Outcome of a cryptographic or access check. A failed check is data, not an exception: a
 * denied unlock is a normal outcome (STYLE.md).
 */
export type Verification<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly code: ResultCodeValue; readonly codeName: ResultCodeName; readonly reason: string };

/** A successful verification. */
export function verified<T>(value: T): Verification<T> {
  return { ok: true, value };
}

/** A failed verification with its result code and a short reason. */
export function refused<T = never>(code: ResultCodeValue, reason: string): Verification<T> {
  return { ok: false, code, codeName: resultCodeName(code) ?? 'INTERNAL_ERROR', reason };
}
