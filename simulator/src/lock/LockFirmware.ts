/**
 * The lock firmware model, independent of BLE (docs/LOCK.md, "Firmware model"): pure state
 * driven by an injected clock and persisted after every change. It implements what protocol's
 * LockSession asks of firmware (LockFirmwarePort, via `portFor`); tests can drive it directly.
 */
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import {
  AuditLog,
  checkTimeSyncFreshness,
  CommandOp,
  KeyrigError,
  LockType,
  NO_CREDENTIAL_ID,
  ResultCode,
  resultCodeName,
  timeSyncTarget,
  type AccessCommand,
  type AuditRecord,
  type Blocklist,
  localTime,
  type CommandDecision,
  type FailedAttempt,
  type LockCondition,
  type LockFirmwarePort,
  type LockStatus,
  type ProviderKeys,
  type ResultCodeValue,
  type TimeSync,
  type VerifiedCredential,
} from '@keyrig/protocol';
import type { LockProvisioning } from '../property/provisioning.js';
import { decideAccess } from './accessRules.js';
import { FaultSet } from './faults.js';
import { resolveLockBehaviour, type LockBehaviour } from './lockBehaviour.js';
import { heldVersion, judgeBlocklist, provisionedBlocklist, toHeld, type HeldBlocklist } from './lockBlocklist.js';
import { LockRtc } from './LockRtc.js';
import { freshLockState, migrateLockState, type PersistedLockState } from './persistedState.js';
import { SessionSlots, type SessionSlot } from './SessionSlots.js';
import { MemoryStateStore, type LockStateStore } from './stateStore.js';
import { INVALID_ATTEMPT_CODES, type LockFirmwareOptions, type LockStatusReport } from './lockFirmwareTypes.js';

export { INVALID_ATTEMPT_CODES, type LockFirmwareOptions, type LockStatusReport } from './lockFirmwareTypes.js';

/** What the firmware answers a session; audit records are sealed with the lock's keys (FirmwareSession). */
export type FirmwarePort = Omit<LockFirmwarePort, 'auditRecords'>;

export class LockFirmware extends EventEmitter {
  readonly provisioning: LockProvisioning;
  readonly behaviour: LockBehaviour;
  readonly faults: FaultSet;
  readonly rtc: LockRtc;
  readonly sessions: SessionSlots;
  readonly #store: LockStateStore;
  readonly #log: Logger;
  readonly #audit: AuditLog;
  #state: PersistedLockState;
  #unlockedUntil = 0;
  #lastFlags = '';
  /** First provisioning with a list in the file: `installProvisionedBlocklist` must run before any decision. */
  #provisionedBlocklistPending: boolean;

  constructor(options: LockFirmwareOptions) {
    super();
    const p = (this.provisioning = options.provisioning);
    const b = (this.behaviour = resolveLockBehaviour(options.behaviour));
    this.faults = options.faults ?? FaultSet.none();
    this.#store = options.store ?? new MemoryStateStore();
    this.#log = options.logger;
    const saved = this.#store.load();
    if (saved && saved.lockId !== p.lock_id) {
      throw new KeyrigError('config', `lock state belongs to lock ${saved.lockId}, not ${p.lock_id}`);
    }
    this.rtc = new LockRtc(options.clock, { driftPpm: b.clockDriftPpm, initialOffsetMs: b.clockOffsetMs, unset: b.clockUnset }, saved?.rtc);
    this.#state = saved ?? freshLockState(p.lock_id, this.rtc.snapshot(), b.batteryPercent);
    // First provisioning: the list in the file is installed by `installProvisionedBlocklist` (it
    // must be verified, which is async). Restored state keeps the list it has.
    this.#provisionedBlocklistPending = !saved && (p.blocklist !== undefined || this.faults.has('forgets-provisioned-blocklist'));
    const migrated = saved ? migrateLockState(this.#state) : undefined;
    if (migrated?.droppedKeySequences) this.#log.info(migrated, 'state file migrated: per-grant key sequences dropped (the sequence is per lock now)');
    this.#audit = new AuditLog(b.auditCapacity, this.#state.audit);
    this.sessions = new SessionSlots(b.maxSessions, options.clock, b.sessionIdleTimeoutMs, () => this.#statusMaybeChanged());
    this.#state.counters.boots++;
    this.#persist();
    this.#log.info({ type: p.lock_type, restored: Boolean(saved), boots: this.#state.counters.boots, faults: this.faults.toJSON() }, 'lock firmware booted');
  }

  get lockId(): string {
    return this.provisioning.lock_id;
  }

  /** §1 status flags, as advertised. */
  flags(): LockStatus {
    return {
      batteryLow: this.#state.batteryPercent <= this.behaviour.batteryLowPercent,
      clockUnset: !this.rtc.isSet,
      busy: this.sessions.busy,
      jammed: this.#state.jammed,
      lockout: this.#lockedOut(),
    };
  }

  status(): LockStatusReport {
    this.tick();
    const s = this.#state;
    return {
      lockId: this.lockId,
      name: this.provisioning.lock_name,
      type: this.provisioning.lock_type,
      ...this.flags(),
      batteryPercent: s.batteryPercent,
      unlocked: this.isUnlocked(),
      sessions: this.sessions.inUse,
      lockTime: this.rtc.now(),
      clockErrorMs: this.rtc.errorMs(),
      auditHighWater: this.#audit.highWater(),
      blocklistVersion: s.blocklist.version,
      counters: { ...s.counters },
      faults: this.faults.toJSON(),
    };
  }

  isUnlocked(): boolean {
    return this.rtc.now() < this.#unlockedUntil;
  }

  /** Takes a session slot, or undefined: the lock is busy (docs/LOCK.md "Busy"). */
  openSession(): SessionSlot | undefined {
    const slot = this.sessions.acquire();
    if (!slot) this.#log.info({ inUse: this.sessions.inUse }, 'busy: session refused');
    return slot;
  }

  /** Hardware condition (busy is per connection: see `portFor`). */
  condition(): LockCondition {
    return {
      batteryCritical: this.#state.batteryPercent <= this.behaviour.batteryCriticalPercent,
      jammed: this.#state.jammed,
      lockout: this.#lockedOut(),
      clockUnset: !this.rtc.isSet,
    };
  }

  /**
   * The firmware port one connection's LockSession talks to. `slot` undefined means this phone
   * got no session slot: the port reports busy, so the session answers BUSY.
   */
  portFor(slot: SessionSlot | undefined): FirmwarePort {
    return {
      condition: () => ({ ...this.condition(), busy: slot === undefined }),
      decide: (credential, command) => {
        slot?.touch();
        return this.decide(credential, command);
      },
      acceptBlocklist: (b) => this.acceptBlocklist(b),
      acceptTimeSync: (t, age) => this.acceptTimeSync(t, age),
      auditHighWater: () => this.auditHighWater(),
      recordAttempt: (a) => this.recordAttempt(a),
    };
  }

  /** Decides an access command for a verified credential, acts on it, audits and persists. */
  decide(verified: VerifiedCredential, command: AccessCommand): CommandDecision {
    this.#assertProvisioned();
    const p = this.provisioning;
    const s = this.#state;
    const doc = verified.document;
    const now = this.rtc.now();
    const day = localTime(now, p.time_zone).date;
    const used = s.dailyUses[doc.credentialId];
    const lockLimit = p.lock_type === 'amenity' ? this.behaviour.maxUsesPerDay : undefined;
    const limit = lockLimit === undefined ? doc.maxUsesPerDay : Math.min(lockLimit, doc.maxUsesPerDay ?? lockLimit);
    const d = decideAccess(
      {
        document: { ...doc, maxUsesPerDay: limit },
        lock: {
          lockId: p.lock_id,
          lockType: LockType[p.lock_type],
          timeZone: p.time_zone,
          antiPassbackMs: this.behaviour.antiPassbackMs > 0 ? this.behaviour.antiPassbackMs : undefined,
        },
        lockTime: now,
        command,
        condition: this.condition(),
        revokedCredentialIds: s.blocklist.credentialIds,
        storedKeySequence: this.keySequence,
        usesToday: used && used.day === day ? used.count : 0,
        lastUseAt: s.lastGrantAt[doc.credentialId],
      },
      {
        openingHours: p.schedule,
        timeZone: p.time_zone,
        lockFloors: p.floors,
        fault: (name) => this.faults.fires(name),
      },
    );
    let relockTime: number | undefined;
    if (d.code === ResultCode.GRANTED) {
      s.counters.grants++;
      s.counters.invalidStreak = 0;
      // Only upwards: with the ignores-key-sequence fault an older key is granted but must not lower it.
      if (d.newKeySequence !== undefined && d.newKeySequence > (this.keySequence ?? -1)) s.keySequences[this.lockId] = d.newKeySequence;
      s.lastGrantAt[doc.credentialId] = now;
      s.dailyUses[doc.credentialId] = { day, count: used && used.day === day ? used.count + 1 : 1 };
      s.batteryPercent = Math.max(0, s.batteryPercent - this.behaviour.batteryPerUnlockPercent);
      if (p.lock_type === 'elevator') {
        this.emit('floors', d.grantedFloors);
      } else {
        relockTime = now + this.behaviour.relockAfterMs;
        this.#unlockedUntil = relockTime;
        this.emit('unlocked', { until: relockTime });
      }
    } else {
      this.#countDenial(d.code);
    }
    const op = command.op === 'selectFloors' ? CommandOp.SELECT_FLOORS : CommandOp.UNLOCK;
    const audit = this.#record({ time: this.rtc.isSet ? now : 0, credentialId: doc.credentialId, op, resultCode: d.code, floors: [...d.grantedFloors] });
    this.#log.info({ result: d.codeName, reason: d.reason, credentialId: doc.credentialId, floors: d.grantedFloors }, 'access decision');
    this.#statusMaybeChanged();
    return {
      code: d.code,
      grantedFloors: d.grantedFloors,
      auditSequence: audit.sequence,
      ...(relockTime !== undefined ? { relockTime } : {}),
    };
  }

  /** A handshake that failed (bad signature, endpoint mismatch, replay, deadline…): audit and count. */
  recordAttempt(attempt: FailedAttempt): void {
    this.#countDenial(attempt.code);
    this.#record({
      time: this.rtc.isSet ? this.rtc.now() : 0,
      credentialId: attempt.credentialId ?? NO_CREDENTIAL_ID,
      op: CommandOp.HANDSHAKE,
      resultCode: attempt.code,
      floors: [],
    });
    this.#log.info({ result: resultCodeName(attempt.code), reason: attempt.reason }, 'failed attempt');
    this.#statusMaybeChanged();
  }

  #countDenial(code: number): void {
    const c = this.#state.counters;
    c.denials++;
    if (!INVALID_ATTEMPT_CODES.has(code)) return;
    c.invalidStreak++;
    if (c.invalidStreak >= this.behaviour.lockoutThreshold && !this.#lockedOut()) {
      c.lockoutUntil = this.rtc.now() + this.behaviour.lockoutDurationMs;
      this.#log.warn({ invalidStreak: c.invalidStreak, until: c.lockoutUntil }, 'wandering intruder: locked out');
    }
  }

  #lockedOut(): boolean {
    const c = this.#state.counters;
    if (c.lockoutUntil === 0) return false;
    if (this.rtc.now() < c.lockoutUntil) return true;
    c.lockoutUntil = 0;
    c.invalidStreak = 0;
    return false;
  }

  /** The lock's key sequence (PROTOCOL.md §6): the highest it granted; undefined until one is. */
  get keySequence(): number | undefined {
    return this.#state.keySequences[this.lockId];
  }

  get blocklistVersion(): number {
    return this.#state.blocklist.version;
  }

  /** True while the lock holds no blocklist (it takes any valid one, §9). */
  get holdsNoBlocklist(): boolean {
    return heldVersion(this.#state.blocklist) === undefined;
  }

  /**
   * A verified blocklist (§9): GRANTED (taken: a higher version replaces, the same changes
   * nothing, a lock holding none takes any) or STALE_BLOB (older: ignored, the session goes on and
   * the lock decides on the list it holds). Rules: lockBlocklist.ts.
   */
  acceptBlocklist(blocklist: Blocklist): ResultCodeValue {
    this.#assertProvisioned();
    const { code, replace } = judgeBlocklist(this.#state.blocklist, blocklist);
    if (code === ResultCode.STALE_BLOB) this.#log.info({ version: blocklist.version, held: this.#state.blocklist.version }, 'stale blocklist ignored');
    if (replace) this.#installBlocklist(toHeld(blocklist));
    return code;
  }

  /**
   * First provisioning: verifies and installs the blocklist the provisioning file carries (§9,
   * issue #16; `startLock` calls it before the lock advertises). A file without one leaves the lock
   * holding none; a list that does not verify is a config error. A no-op after a restore.
   */
  async installProvisionedBlocklist(providerKeys: ProviderKeys): Promise<void> {
    if (!this.#provisionedBlocklistPending) return;
    const got = await provisionedBlocklist(this.provisioning, providerKeys, this.faults);
    if (got?.fault) this.#log.warn({ version: got.held.version }, 'fault forgets-provisioned-blocklist: provisioned version installed without its ids');
    this.#provisionedBlocklistPending = false;
    if (got) this.#installBlocklist(got.held);
  }

  #installBlocklist(held: HeldBlocklist): void {
    this.#state.blocklist = held;
    this.#persist();
    this.#log.info({ version: held.version, entries: held.credentialIds.length }, 'blocklist updated');
  }

  #assertProvisioned(): void {
    if (this.#provisionedBlocklistPending) throw new KeyrigError('state', `lock ${this.lockId}: provisioned blocklist not installed (call installProvisionedBlocklist first)`);
  }

  /**
   * A verified time sync (§9): GRANTED (applied: the RTC goes to `timeSyncTarget`, the sync's time
   * plus the phone's claimed `claimedAgeMs`, never past a running clock that is already later), STALE_BLOB (ignored: not newer than the last, or
   * it would set the running clock back by more than 5 minutes; the session goes on), WRONG_LOCK
   * or MALFORMED. An unset clock takes any valid sync: it has nothing to check it against.
   */
  acceptTimeSync(timeSync: TimeSync, claimedAgeMs = 0): ResultCodeValue {
    const s = this.#state;
    const lockNow = this.rtc.isSet ? this.rtc.now() : undefined;
    const code = checkTimeSyncFreshness(timeSync, this.lockId, s.lastTimeSync === 0 ? undefined : s.lastTimeSync, lockNow);
    if (code === ResultCode.STALE_BLOB) this.#log.info({ syncTime: timeSync.time, lockTime: lockNow }, 'stale time sync ignored');
    if (code !== ResultCode.GRANTED) return code;
    s.lastTimeSync = timeSync.time;
    const before = this.rtc.now();
    // The seeded bug: the sync is acknowledged but the RTC keeps its error (an unset clock is still set).
    // The seeded bug time-sync-to-signing-time (the rule before the age, issue #16): the age is ignored.
    const age = this.faults.fires('time-sync-to-signing-time') ? 0 : claimedAgeMs;
    if (!(this.rtc.isSet && this.faults.fires('clock-drift-uncorrected'))) this.rtc.sync(timeSyncTarget(timeSync, age, lockNow));
    this.#persist();
    this.#log.info({ correctionMs: this.rtc.now() - before }, 'time sync applied');
    this.#statusMaybeChanged();
    return code;
  }

  /** Audit records with sequence >= `fromSequence` for upload by a phone. */
  auditRecords(fromSequence: number, max: number = this.behaviour.auditBatch): AuditRecord[] {
    return this.#audit.since(fromSequence, Math.min(max, this.behaviour.auditBatch));
  }

  auditHighWater(): number {
    return this.#audit.highWater();
  }

  /** QA control: the battery level (a real lock reads an ADC). */
  setBattery(percent: number): void {
    if (!(percent >= 0 && percent <= 100)) throw new RangeError(`battery percent must be 0..100, got ${percent}`);
    this.#state.batteryPercent = percent;
    this.#persist();
    this.#statusMaybeChanged();
  }

  /** QA control: the bolt jams (or is cleared). */
  setJammed(jammed: boolean): void {
    this.#state.jammed = jammed;
    this.#persist();
    this.#statusMaybeChanged();
  }

  /** Advances time-driven state: relock, idle session slots, lockout expiry. Call periodically. */
  tick(): void {
    if (this.#unlockedUntil !== 0 && this.rtc.now() >= this.#unlockedUntil) {
      this.#unlockedUntil = 0;
      this.#log.info('relocked');
      this.emit('relocked');
    }
    this.sessions.reclaimIdle();
    this.#statusMaybeChanged();
  }

  #record(r: Omit<AuditRecord, 'sequence'>): AuditRecord {
    const rec = this.#audit.append(r);
    this.#persist();
    this.emit('audit', rec);
    return rec;
  }

  #persist(): void {
    this.#state.rtc = this.rtc.snapshot();
    this.#state.audit = this.#audit.snapshot();
    this.#store.save(this.#state);
  }

  #statusMaybeChanged(): void {
    const flags = this.flags();
    const key = JSON.stringify(flags);
    if (key === this.#lastFlags) return;
    this.#lastFlags = key;
    this.emit('status', flags);
  }
}
