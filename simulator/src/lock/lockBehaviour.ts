/**
 * Firmware settings that are not in the provisioning file: how the lock behaves physically and
 * how strict it is. Defaults are what a typical hotel lock ships with (docs/LOCK.md).
 */
import { z } from 'zod';
import { KeyrigError } from '@keyrig/protocol';

export const LockBehaviourSchema = z
  .object({
    /** At most this many phones in a session at once; the next gets BUSY (docs/LOCK.md "Busy"). */
    maxSessions: z.number().int().min(1).max(16).default(2),
    /** A session slot is freed after this long without a message from the phone (ms). */
    sessionIdleTimeoutMs: z.number().int().positive().default(10_000),
    /** Door: relock this long after an unlock (ms). */
    relockAfterMs: z.number().int().positive().default(5_000),
    /** Wandering intruder: this many invalid attempts in a row lock the lock out… */
    lockoutThreshold: z.number().int().min(1).default(5),
    /** …for this long (ms, lock time). */
    lockoutDurationMs: z.number().int().positive().default(60_000),
    /** Anti-passback: the same credential is refused here for this long after a grant (0 = off). */
    antiPassbackMs: z.number().int().nonnegative().default(0),
    /** Amenity: grants per credential per local day (omitted = unlimited). */
    maxUsesPerDay: z.number().int().positive().optional(),
    /** Battery percent at start (a fresh lock) and the low / critical thresholds. */
    batteryPercent: z.number().min(0).max(100).default(100),
    batteryLowPercent: z.number().min(0).max(100).default(20),
    batteryCriticalPercent: z.number().min(0).max(100).default(5),
    /** Battery used by each bolt/relay actuation (percent; 0 = the battery never drains). */
    batteryPerUnlockPercent: z.number().min(0).max(100).default(0),
    /** RTC: drift in ppm, initial error (ms), and whether it starts unset. */
    clockDriftPpm: z.number().min(-100_000).max(100_000).default(0),
    clockOffsetMs: z.number().default(0),
    clockUnset: z.boolean().default(false),
    /** Audit ring capacity (records). */
    auditCapacity: z.number().int().min(1).max(100_000).default(256),
    /** Audit records handed to a phone per session. */
    auditBatch: z.number().int().min(1).max(1000).default(32),
    /** Security revision in the advertisement (§1 byte [4]); default: the certificate's. */
    securityRevision: z.number().int().min(0).max(255).optional(),
  })
  .strict();

export type LockBehaviourInput = z.input<typeof LockBehaviourSchema>;
export type LockBehaviour = z.output<typeof LockBehaviourSchema>;

/** Validates behaviour options; throws KeyrigError('config') naming the bad field. */
export function resolveLockBehaviour(input: LockBehaviourInput = {}): LockBehaviour {
  const r = LockBehaviourSchema.safeParse(input);
  if (!r.success) {
    const msg = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new KeyrigError('config', `lock behaviour is invalid: ${msg}`);
  }
  if (r.data.batteryCriticalPercent > r.data.batteryLowPercent) {
    throw new KeyrigError('config', 'lock behaviour is invalid: batteryCriticalPercent must not exceed batteryLowPercent');
  }
  return r.data;
}
