/** The lock firmware's option and status types and the invalid-attempt codes (docs/LOCK.md, "Firmware model"). */
import type { Logger } from 'pino';
import { ResultCode, type Clock, type LockStatus } from '@keyrig/protocol';
import type { LockProvisioning } from '../property/provisioning.js';
import type { FaultSet } from './faults.js';
import type { LockBehaviourInput } from './lockBehaviour.js';
import type { PersistedLockState } from './persistedState.js';
import type { LockStateStore } from './stateStore.js';

/** What `keyrig lock run --json` and tests see of a lock (flags as advertised, PROTOCOL.md §1). */
export interface LockStatusReport extends LockStatus {
  lockId: string;
  name: string;
  type: 'door' | 'elevator' | 'amenity';
  batteryPercent: number;
  /** Door/amenity: the bolt is retracted now. */
  unlocked: boolean;
  sessions: number;
  /** Lock time and its error against true time (ms). */
  lockTime: number;
  clockErrorMs: number;
  auditHighWater: number;
  blocklistVersion: number;
  counters: PersistedLockState['counters'];
  faults: string[];
}

export interface LockFirmwareOptions {
  provisioning: LockProvisioning;
  /** True time of the simulation; the lock's RTC derives from it (drift, offset). */
  clock: Clock;
  logger: Logger;
  store?: LockStateStore;
  faults?: FaultSet;
  behaviour?: LockBehaviourInput;
}

/** Result codes that count toward the wandering-intruder lockout (signs of an attack). */
export const INVALID_ATTEMPT_CODES: ReadonlySet<number> = new Set([
  ResultCode.BAD_SIGNATURE,
  ResultCode.UNKNOWN_PROVIDER_KEY,
  ResultCode.WRONG_LOCK,
  ResultCode.REVOKED,
  ResultCode.ENDPOINT_MISMATCH,
  ResultCode.REPLAY,
  ResultCode.DECRYPT_FAILED,
  ResultCode.MALFORMED,
  ResultCode.DEADLINE_EXCEEDED,
]);
