/**
 * Wire-level result codes, defined once (PROTOCOL.md §8). A lock answers every command with one
 * of these; phones and the cloud report them as data. Values are stable: never renumber, only add.
 */
export const ResultCode = {
  GRANTED: 0x00,
  EXPIRED: 0x01,
  NOT_YET_VALID: 0x02,
  OUTSIDE_SCHEDULE: 0x03,
  WRONG_LOCK: 0x04,
  REVOKED: 0x05,
  SUPERSEDED: 0x06,
  BAD_SIGNATURE: 0x07,
  UNKNOWN_PROVIDER_KEY: 0x08,
  REPLAY: 0x09,
  DEADLINE_EXCEEDED: 0x0a,
  BUSY: 0x0b,
  FRAGMENT_ERROR: 0x0c,
  UNSUPPORTED_VERSION: 0x0d,
  BATTERY_CRITICAL: 0x0e,
  JAMMED: 0x0f,
  LOCKOUT: 0x10,
  MALFORMED: 0x11,
  ENDPOINT_MISMATCH: 0x12,
  FLOOR_NOT_PERMITTED: 0x13,
  ANTI_PASSBACK: 0x14,
  DAILY_LIMIT_REACHED: 0x15,
  CLOCK_UNSET: 0x16,
  DECRYPT_FAILED: 0x17,
  UNEXPECTED_MESSAGE: 0x18,
  LOCK_AUTH_FAILED: 0x19,
  STALE_BLOB: 0x1a,
  INTERNAL_ERROR: 0xff,
} as const;

export type ResultCodeName = keyof typeof ResultCode;
export type ResultCodeValue = (typeof ResultCode)[ResultCodeName];

/** What each code means, in words a key holder or QA engineer can read. */
export const resultCodeDescriptions: Readonly<Record<ResultCodeName, string>> = {
  GRANTED: 'Access granted',
  EXPIRED: 'The key has expired',
  NOT_YET_VALID: 'The key is not valid yet',
  OUTSIDE_SCHEDULE: 'Outside the hours this entrance is open to this key',
  WRONG_LOCK: 'This key does not open this entrance',
  REVOKED: 'The key was revoked',
  SUPERSEDED: 'A newer key was issued for this entrance',
  BAD_SIGNATURE: 'A signature did not verify',
  UNKNOWN_PROVIDER_KEY: 'Signed with a provider key this lock does not know',
  REPLAY: 'A message was replayed',
  DEADLINE_EXCEEDED: 'The phone answered too late (possible relay)',
  BUSY: 'The lock is busy with other phones',
  FRAGMENT_ERROR: 'A message arrived broken (fragment error)',
  UNSUPPORTED_VERSION: 'No protocol version in common',
  BATTERY_CRITICAL: 'The lock battery is critically low',
  JAMMED: 'The lock is jammed',
  LOCKOUT: 'Too many invalid attempts: the lock is locked out for a while',
  MALFORMED: 'A message was malformed',
  ENDPOINT_MISMATCH: 'The key belongs to another phone',
  FLOOR_NOT_PERMITTED: 'None of the requested floors are allowed by this key',
  ANTI_PASSBACK: 'Anti-passback: this key was just used here',
  DAILY_LIMIT_REACHED: 'The daily number of uses is reached',
  CLOCK_UNSET: 'The lock clock is not set',
  DECRYPT_FAILED: 'A message failed authentication',
  UNEXPECTED_MESSAGE: 'A message arrived out of order',
  LOCK_AUTH_FAILED: 'The lock could not prove it is genuine',
  STALE_BLOB: 'A blocklist or time sync older than the one the lock has',
  INTERNAL_ERROR: 'The lock had an internal error',
};

const byValue = new Map<number, ResultCodeName>(
  (Object.entries(ResultCode) as [ResultCodeName, number][]).map(([k, v]) => [v, k]),
);

/** Name of a numeric code, or undefined when the code is not defined. */
export function resultCodeName(value: number): ResultCodeName | undefined {
  return byValue.get(value);
}

export function isResultCode(value: number): value is ResultCodeValue {
  return byValue.has(value);
}
