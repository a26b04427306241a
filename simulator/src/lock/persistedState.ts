/**
 * What a lock keeps in flash across restarts (docs/LOCK.md, "Persistence"): the RTC correction,
 * the audit ring and its sequence, the blocklist version and entries, the lock's key sequence
 * (the highest it granted), counters, lockout, daily uses, anti-passback and the last time sync.
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
    /**
     * False while the lock holds no list (fresh, or provisioned from a file without one): it then
     * takes any valid list, of any version (PROTOCOL.md §9). Absent in older files: held.
     */
    held: z.boolean().optional(),
  }),
  /**
   * The lock's key sequence (PROTOCOL.md §6): the highest it granted, keyed by the lock's own id
   * (one entry; none until a key with a sequence for this lock is granted). Lower ones are
   * SUPERSEDED. Files written before sequences were per lock keyed this by access grant id:
   * `migrateLockState` drops those entries.
   */
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
    blocklist: { version: 0, credentialIds: [], held: false },
    keySequences: {},
    lastTimeSync: 0,
    counters: { boots: 0, grants: 0, denials: 0, invalidStreak: 0, lockoutUntil: 0 },
    dailyUses: {},
    lastGrantAt: {},
    batteryPercent,
    jammed: false,
  };
}

/**
 * Brings a state file written by an older firmware up to date, in place; returns what changed.
 * Per-grant key sequences (before PROTOCOL.md §6 made the sequence per lock) are numbered by each
 * grant, not by this lock, so they are dropped rather than merged: the lock starts with no stored
 * sequence, like a new lock, and the next key with a sequence sets it. Never refuses a valid key.
 */
export function migrateLockState(state: PersistedLockState): { droppedKeySequences: number } {
  let dropped = 0;
  for (const key of Object.keys(state.keySequences)) {
    if (key === state.lockId) continue;
    delete state.keySequences[key];
    dropped++;
  }
  return { droppedKeySequences: dropped };
}
