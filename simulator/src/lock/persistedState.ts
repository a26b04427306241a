/**
 * What a lock keeps in flash across restarts (docs/LOCK.md, "Persistence"): the RTC correction,
 * the audit ring and its sequence, the blocklist version and entries, the highest key sequence
 * seen per key series, counters, lockout, daily uses, anti-passback and the last time sync.
 * Never key material: the lock's private key comes from provisioning, not from this file.
 */
import { z } from 'zod';

const auditRecord = z.object({
  seq: z.number().int().positive(),
  time: z.number(),
  event: z.enum(['boot', 'access', 'time-sync', 'blocklist-update', 'lockout', 'relock', 'jam', 'battery']),
  result: z.number().int(),
  credentialId: z.string().optional(),
  floors: z.array(z.number().int()).optional(),
  detail: z.string().optional(),
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
  audit: z.object({ nextSeq: z.number().int().positive(), records: z.array(auditRecord) }),
  blocklist: z.object({
    version: z.number().int().nonnegative(),
    /** Revoked credential ids (lower-case hex). */
    credentialIds: z.array(z.string()),
  }),
  /** Highest key sequence seen per key series (e.g. a guest's room key): older ones are superseded. */
  keySequences: z.record(z.string(), z.number().int().nonnegative()),
  /** Issue time (provider time, ms) of the newest accepted time sync: older ones are stale. */
  lastTimeSyncIssuedAt: z.number(),
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
    audit: { nextSeq: 1, records: [] },
    blocklist: { version: 0, credentialIds: [] },
    keySequences: {},
    lastTimeSyncIssuedAt: 0,
    counters: { boots: 0, grants: 0, denials: 0, invalidStreak: 0, lockoutUntil: 0 },
    dailyUses: {},
    lastGrantAt: {},
    batteryPercent,
    jammed: false,
  };
}
