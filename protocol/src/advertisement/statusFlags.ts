/**
 * Lock status flags: byte [3] of the manufacturer data (PROTOCOL.md §1).
 * Bits 5..7 are reserved: sent as 0, ignored when received.
 */

/** Bit masks of the status byte. */
export const StatusFlag = {
  batteryLow: 1 << 0,
  clockUnset: 1 << 1,
  busy: 1 << 2,
  jammed: 1 << 3,
  lockout: 1 << 4,
} as const;

export type StatusFlagName = keyof typeof StatusFlag;

/** The lock's advertised condition, one boolean per flag. */
export type LockStatus = { readonly [K in StatusFlagName]: boolean };

/** A status with every flag clear. */
export const normalLockStatus: LockStatus = {
  batteryLow: false,
  clockUnset: false,
  busy: false,
  jammed: false,
  lockout: false,
};

/** The status byte for these flags (unspecified flags are clear). */
export function encodeStatusFlags(status: Partial<LockStatus>): number {
  let byte = 0;
  for (const name of Object.keys(StatusFlag) as StatusFlagName[]) {
    if (status[name] === true) byte |= StatusFlag[name];
  }
  return byte;
}

/** The flags of a status byte; reserved bits are ignored. */
export function decodeStatusFlags(byte: number): LockStatus {
  return {
    batteryLow: (byte & StatusFlag.batteryLow) !== 0,
    clockUnset: (byte & StatusFlag.clockUnset) !== 0,
    busy: (byte & StatusFlag.busy) !== 0,
    jammed: (byte & StatusFlag.jammed) !== 0,
    lockout: (byte & StatusFlag.lockout) !== 0,
  };
}

/** Names of the flags that are set, e.g. for a scan listing. */
export function activeStatusFlags(status: LockStatus): StatusFlagName[] {
  return (Object.keys(StatusFlag) as StatusFlagName[]).filter((n) => status[n]);
}
