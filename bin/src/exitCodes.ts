/**
 * Exit codes of every keyrig command (documented in the README).
 * 0 granted / success; distinct non-zero codes for a denial and for errors.
 */
export const ExitCode = {
  /** Success; for unlock: every attempted entrance granted. */
  OK: 0,
  /** A lock answered with a denial (an access decision, not a failure of keyrig). */
  DENIED: 1,
  /** Bad flags or arguments. */
  USAGE: 2,
  /** Tests or conformance checks failed. */
  FAILED: 3,
  /** No eligible lock found / out of range / BLE timeout. */
  NOT_FOUND: 4,
  /** Any other error (I/O, cloud unreachable, crash). */
  ERROR: 70,
  /** Interrupted by Ctrl-C (SIGINT), every command (128 + 2); see stopSignal.ts. */
  INTERRUPTED: 130,
  /** Stopped by SIGTERM, except the servers, which stop cleanly with 0 (128 + 15). */
  TERMINATED: 143,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
