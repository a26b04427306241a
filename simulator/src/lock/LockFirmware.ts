/**
 * The lock firmware model, independent of BLE (docs/LOCK.md, "Firmware model"): pure state
 * driven by an injected clock, persisted after every change. The BLE adapter and the protocol
 * session call into it; tests can drive it directly.
 */
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import { ResultCode, resultCodeName, type Clock, type ResultCodeValue } from '@keyrig/protocol';
import type { LockProvisioning } from '../property/provisioning.js';
import { evaluateRules, grantedFloors, type AccessRequest, type PresentedCredential } from './accessRules.js';
import { AuditRing, type AuditRecord } from './AuditRing.js';
import { FaultSet } from './faults.js';
import { resolveLockBehaviour, type LockBehaviour, type LockBehaviourInput } from './lockBehaviour.js';
import { LockRtc } from './LockRtc.js';
import { localTime } from './openingHours.js';
import { freshLockState, type PersistedLockState } from './persistedState.js';
import { SessionSlots, type SessionSlot } from './SessionSlots.js';
import { MemoryStateStore, type LockStateStore } from './stateStore.js';

/** The §1 status flags. */
export interface LockStatusFlags {
  batteryLow: boolean;
  clockUnset: boolean;
  busy: boolean;
  jammed: boolean;
  lockout: boolean;
}

export interface LockStatus extends LockStatusFlags {
  lockId: string;
  name: string;
  type: 'door' | 'elevator' | 'amenity';
  batteryPercent: number;
  /** Door: the bolt is retracted now. */
  unlocked: boolean;
  sessions: number;
  /** Lock time and its error against true time (ms). */
  lockTime: number;
  clockErrorMs: number;
  auditSeq: number;
  blocklistVersion: number;
  counters: PersistedLockState['counters'];
  faults: string[];
}

export interface AccessDecision {
  result: ResultCodeValue;
  /** Elevator: floors released (empty unless granted). */
  floors: number[];
  /** Door: lock time at which it relocks (granted doors only). */
  relockAt?: number;
  audit: AuditRecord;
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
const INVALID_ATTEMPT: ReadonlySet<number> = new Set([
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

export type LockFirmwareEvent = 'status' | 'unlocked' | 'relocked' | 'floors' | 'audit';

export class LockFirmware extends EventEmitter {
  readonly provisioning: LockProvisioning;
  readonly behaviour: LockBehaviour;
  readonly faults: FaultSet;
  readonly rtc: LockRtc;
  readonly sessions: SessionSlots;
  readonly #store: LockStateStore;
  readonly #log: Logger;
  readonly #audit: AuditRing;
  #state: PersistedLockState;
  #unlockedUntil = 0;
  #lastFlags = '';

  constructor(options: LockFirmwareOptions) {
    super();
    this.provisioning = options.provisioning;
    this.behaviour = resolveLockBehaviour(options.behaviour);
    this.faults = options.faults ?? FaultSet.none();
    this.#store = options.store ?? new MemoryStateStore();
    this.#log = options.logger;
    const p = this.provisioning;
    const saved = this.#store.load();
    if (saved && saved.lockId !== p.lock_id) {
      throw new Error(`lock state belongs to lock ${saved.lockId}, not ${p.lock_id}`);
    }
    const b = this.behaviour;
    this.rtc = new LockRtc(
      options.clock,
      { driftPpm: b.clockDriftPpm, initialOffsetMs: b.clockOffsetMs, unset: b.clockUnset },
      saved?.rtc,
    );
    this.#state = saved ?? freshLockState(p.lock_id, this.rtc.snapshot(), b.batteryPercent);
    if (!saved) this.#state.blocklist.version = p.blocklist_version;
    this.#audit = new AuditRing(b.auditCapacity, this.#state.audit);
    this.sessions = new SessionSlots(b.maxSessions, options.clock, b.sessionIdleTimeoutMs, () => this.#statusMaybeChanged());
    this.#state.counters.boots++;
    this.#record({ event: 'boot', result: 0, detail: `boot ${this.#state.counters.boots}${saved ? '' : ' (fresh)'}` });
    this.#log.info({ lockId: p.lock_id, type: p.lock_type, restored: Boolean(saved), faults: this.faults.toJSON() }, 'lock firmware booted');
  }

  get lockId(): string {
    return this.provisioning.lock_id;
  }

  /** §1 status flags, as advertised. */
  flags(): LockStatusFlags {
    return {
      batteryLow: this.#state.batteryPercent <= this.behaviour.batteryLowPercent,
      clockUnset: !this.rtc.isSet,
      busy: this.sessions.busy,
      jammed: this.#state.jammed,
      lockout: this.#lockedOut(),
    };
  }

  status(): LockStatus {
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
      auditSeq: this.#audit.lastSeq,
      blocklistVersion: s.blocklist.version,
      counters: { ...s.counters },
      faults: this.faults.toJSON(),
    };
  }

  isUnlocked(): boolean {
    return this.rtc.now() < this.#unlockedUntil;
  }

  /** Takes a session slot, or undefined (answer BUSY). */
  openSession(): SessionSlot | undefined {
    const slot = this.sessions.acquire();
    if (!slot) this.#log.info({ inUse: this.sessions.inUse }, 'busy: session refused');
    return slot;
  }

  /**
   * Checks that refuse before any credential is looked at (the lock cannot or must not act):
   * battery critical, jammed, locked out, clock unset. Undefined when the lock can proceed.
   */
  precheck(): ResultCodeValue | undefined {
    if (this.#state.batteryPercent <= this.behaviour.batteryCriticalPercent) return ResultCode.BATTERY_CRITICAL;
    if (this.#state.jammed) return ResultCode.JAMMED;
    if (this.#lockedOut()) return ResultCode.LOCKOUT;
    if (!this.rtc.isSet) return ResultCode.CLOCK_UNSET;
    return undefined;
  }

  /** Decides an access attempt, acts on it (unlock, floors), audits and persists. */
  decide(credential: PresentedCredential, request: AccessRequest = {}): AccessDecision {
    const now = this.rtc.now();
    const p = this.provisioning;
    const s = this.#state;
    const ctx = {
      now,
      lockId: p.lock_id,
      entranceId: p.acs_entrance_id,
      lockType: p.lock_type,
      timeZone: p.time_zone,
      openingHours: p.schedule,
      lockFloors: p.floors,
      revoked: new Set(s.blocklist.credentialIds),
      keySequences: s.keySequences,
      lastGrantAt: s.lastGrantAt,
      dailyUses: s.dailyUses,
      antiPassbackMs: this.behaviour.antiPassbackMs,
      maxUsesPerDay: this.behaviour.maxUsesPerDay,
      fault: (name: Parameters<FaultSet['fires']>[0]) => this.faults.fires(name),
    };
    const result = this.precheck() ?? evaluateRules(credential, request, ctx);
    const floors = result === ResultCode.GRANTED && p.lock_type === 'elevator' ? grantedFloors(credential, request, ctx) : [];
    return this.#conclude(result, credential.credentialId, floors, credential);
  }

  /** Records a failure that happened before a credential was evaluated (bad handshake, replay…). */
  recordFailure(result: ResultCodeValue, credentialId?: string): AuditRecord {
    return this.#conclude(result, credentialId, [], undefined).audit;
  }

  #conclude(result: ResultCodeValue, credentialId: string | undefined, floors: number[], c: PresentedCredential | undefined): AccessDecision {
    const s = this.#state;
    const now = this.rtc.now();
    let relockAt: number | undefined;
    if (result === ResultCode.GRANTED && c) {
      s.counters.grants++;
      s.counters.invalidStreak = 0;
      const seen = s.keySequences[c.keySeries];
      if (seen === undefined || c.keySequence > seen) s.keySequences[c.keySeries] = c.keySequence;
      s.lastGrantAt[c.credentialId] = now;
      const day = localTime(now, this.provisioning.time_zone).day;
      const used = s.dailyUses[c.credentialId];
      s.dailyUses[c.credentialId] = { day, count: used && used.day === day ? used.count + 1 : 1 };
      if (this.provisioning.lock_type === 'elevator') {
        this.emit('floors', floors);
      } else {
        relockAt = now + this.behaviour.relockAfterMs;
        this.#unlockedUntil = relockAt;
        this.emit('unlocked', { until: relockAt });
      }
    } else if (result !== ResultCode.GRANTED) {
      s.counters.denials++;
      if (INVALID_ATTEMPT.has(result)) this.#countInvalid();
    }
    const audit = this.#record({
      event: 'access',
      result,
      ...(credentialId !== undefined ? { credentialId } : {}),
      ...(floors.length > 0 ? { floors } : {}),
    });
    this.#log.info({ result: resultCodeName(result), credentialId, floors }, 'access decision');
    this.#statusMaybeChanged();
    return { result, floors, ...(relockAt !== undefined ? { relockAt } : {}), audit };
  }

  #countInvalid(): void {
    const c = this.#state.counters;
    c.invalidStreak++;
    if (c.invalidStreak >= this.behaviour.lockoutThreshold && !this.#lockedOut()) {
      c.lockoutUntil = this.rtc.now() + this.behaviour.lockoutDurationMs;
      this.#record({ event: 'lockout', result: ResultCode.LOCKOUT, detail: `${c.invalidStreak} invalid attempts` });
      this.#log.warn({ invalidStreak: c.invalidStreak }, 'wandering intruder: locked out');
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

  /** Current blocklist version (§9: only newer ones are accepted). */
  get blocklistVersion(): number {
    return this.#state.blocklist.version;
  }

  /** Applies a verified blocklist. STALE_BLOB when not newer than the one held. */
  applyBlocklist(version: number, credentialIds: readonly string[]): ResultCodeValue {
    const s = this.#state;
    if (version <= s.blocklist.version) return ResultCode.STALE_BLOB;
    s.blocklist = { version, credentialIds: credentialIds.map((id) => id.toLowerCase()) };
    this.#record({ event: 'blocklist-update', result: 0, detail: `blocklist v${version} (${credentialIds.length} entries)` });
    this.#statusMaybeChanged();
    return ResultCode.GRANTED;
  }

  /** Applies a verified time sync issued at `issuedAt` (provider time). STALE_BLOB when older. */
  applyTimeSync(issuedAt: number, timeMs: number): ResultCodeValue {
    const s = this.#state;
    if (issuedAt <= s.lastTimeSyncIssuedAt) return ResultCode.STALE_BLOB;
    s.lastTimeSyncIssuedAt = issuedAt;
    const before = this.rtc.now();
    // The bug: the sync is acknowledged but the RTC is not corrected (unless it was unset).
    if (!(this.faults.fires('clock-drift-uncorrected') && this.rtc.isSet)) this.rtc.sync(timeMs);
    this.#record({ event: 'time-sync', result: 0, detail: `clock moved ${this.rtc.now() - before} ms` });
    this.#statusMaybeChanged();
    return ResultCode.GRANTED;
  }

  /** Audit records after `afterSeq` for upload by a phone (at most `auditBatch`). */
  auditSince(afterSeq: number): AuditRecord[] {
    return this.#audit.since(afterSeq, this.behaviour.auditBatch);
  }

  get auditSeq(): number {
    return this.#audit.lastSeq;
  }

  /** QA control: the battery level (a real rig would read an ADC). */
  setBattery(percent: number): void {
    if (!(percent >= 0 && percent <= 100)) throw new RangeError(`battery percent must be 0..100, got ${percent}`);
    this.#state.batteryPercent = percent;
    this.#record({ event: 'battery', result: 0, detail: `battery ${percent}%` });
    this.#statusMaybeChanged();
  }

  /** QA control: the bolt jams (or is cleared). */
  setJammed(jammed: boolean): void {
    this.#state.jammed = jammed;
    this.#record({ event: 'jam', result: jammed ? ResultCode.JAMMED : 0, detail: jammed ? 'jammed' : 'jam cleared' });
    this.#statusMaybeChanged();
  }

  /** Advances time-driven state: relock, idle sessions, lockout expiry. Call periodically. */
  tick(): void {
    if (this.#unlockedUntil !== 0 && this.rtc.now() >= this.#unlockedUntil) {
      this.#unlockedUntil = 0;
      this.#record({ event: 'relock', result: 0 });
      this.emit('relocked');
    }
    this.sessions.reclaimIdle();
    this.#statusMaybeChanged();
  }

  #record(r: Omit<AuditRecord, 'seq' | 'time'>): AuditRecord {
    const rec = this.#audit.append({ time: this.rtc.now(), ...r });
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
    const key = JSON.stringify(this.flags());
    if (key === this.#lastFlags) return;
    this.#lastFlags = key;
    this.emit('status', this.flags());
  }
}
