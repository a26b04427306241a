/** COMMAND operations (PROTOCOL.md §7) and audit record ops (§10). */
export const CommandOp = {
  /** Used only in audit records: a handshake attempt that failed before any command. */
  HANDSHAKE: 0,
  UNLOCK: 1,
  SELECT_FLOORS: 2,
  FETCH_AUDIT: 3,
} as const;
export type CommandOpValue = (typeof CommandOp)[keyof typeof CommandOp];

export function isCommandOp(value: number): value is CommandOpValue {
  return value >= 0 && value <= 3 && Number.isInteger(value);
}
