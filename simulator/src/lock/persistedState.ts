/**
 * What a lock keeps in flash across restarts (docs/LOCK.md, "Persistence"): the RTC correction,
 * the audit ring and its sequence, the blocklist version and entries, the highest key sequence
 * seen per key series, counters, lockout, daily uses, anti-passback and the last time sync.
 * Never key material: the lock's private key comes from provisioning, not from this file.
 */
import { z } from 'zod';

/** PROTOCOL.md §10 AuditRecord. */
const auditRecord = z.object({
  sequence: z.number().int().nonnegative(),
  time: z.number(),
  credentialId: z.string(),
  op: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]),
  resultCode: z.number().int(),
  floors: z.array(z.number().int()).readonly(),
});

export const persistedLockStateSchema = z.object({
  format: z.literal(1),
  lockId: z.string(),
  rtc: z.object({
    offsetMs: z.number(),
    anchorMs: z.number(),
    isSet: z.boolean(),
    lastSyncMs: z.number(),
  }),
  audit: z.object({ nextSequence: z.number().int().positive(), records: z.array(auditRecord) }),
  blocklist: z.object({
    version: z.number().int().nonnegative(),
    /** Revoked credential ids (lower-case UUIDs). */
    credentialIds: z.array(z.string()),
  }),
  /** Highest key sequence accepted per access grant (§6 keySequences): older keys are superseded. */
  keySequences: z.record(z.string(), z.number().int().nonnegative()),
  /** Provider time of the newest accepted time sync (§9): older or equal ones are stale. 0 = none. */
  lastTimeSync: z.number(),
  counters: z.object({
    boots: z.number().int().nonnegative(),
    grants: z.number().int().nonnegative(),
    denials: z.number().int().nonnegative(),
    /** Consecutive invalid attempts (wandering intruder). */
    invalidStreak: z.number().int().nonnegative(),
    /** Lock time until which the lock is locked out; 0 = not locked out. */
    lockoutUntil: z.number(),
  }),
  /** Uses per credential per local day (amenity max uses a day). */
  dailyUses: z.record(z.string(), z.object({ day: z.string(), count: z.number().int().nonnegative() })),
  /** Lock time of the last grant per credential (anti-passback). */
  lastGrantAt: z.record(z.string(), z.number()),
  /** Physical state: battery percent and jam survive a reboot too. */
  batteryPercent: z.number().min(0).max(100),
  jammed: z.boolean(),
});

export type PersistedLockState = z.infer<typeof persistedLockStateSchema>;

export function freshLockState(lockId: string, rtc: PersistedLockState['rtc'], batteryPercent = 100): PersistedLockState {
  return {
    format: 1,
    lockId,
    rtc,
    audit: { nextSequence: 1, records: [] },
    blocklist: { version: 0, credentialIds: [] },
    keySequences: {},
    lastTimeSync: 0,
    counters: { boots: 0, grants: 0, denials: 0, invalidStreak: 0, lockoutUntil: 0 },
    dailyUses: {},
    lastGrantAt: {},
    batteryPercent,
    jammed: false,
  };
}
