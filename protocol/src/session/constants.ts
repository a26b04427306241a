/** Session timing and limits (PROTOCOL.md §11). */

/** Protocol versions this implementation speaks. */
export const SUPPORTED_VERSIONS: readonly number[] = [1];
/** PHONE_AUTH must reach the lock within this long after LOCK_AUTH was sent (relay protection). */
export const DEFAULT_HANDSHAKE_DEADLINE_MS = 2000;
/** A session closes this long after its last message. */
export const DEFAULT_IDLE_TIMEOUT_MS = 10_000;
/** Sealed audit records per AUDIT_RECORDS message (about 270 bytes each, §10.1: 6 fit the 2048-byte default). */
export const MAX_AUDIT_RECORDS_PER_MESSAGE = 6;
/** Phone: how long to wait for LOCK_AUTH after HELLO, for SESSION_READY after PHONE_AUTH, and for a RESULT. */
export const PHONE_RESPONSE_TIMEOUT_MS = { lockAuth: 3000, sessionReady: 3000, result: 5000 } as const;
