/**
 * One offline lock as the model sees it, written from PROTOCOL.md §6 (key sequence, max uses per
 * day), §7.5 rows 9–10, §7.7 (the access decision order), §9 (blobs; "Where the clock goes"),
 * LOCK.md (RTC with offset and drift, anti-passback, daily limit, opening hours) and the issue #16
 * rules L1–L2. Battery, jam, busy and lockout are out of scope (never reached in a history).
 */
import { isOpenAt, localTime } from '@keyrig/protocol';
import type { EntranceKey, HistoryLock } from './history.js';
import type { BlocklistSnapshot, ModelDoc } from './modelCloud.js';
import { MAX_TIME_SYNC_AGE_MS, MAX_TIME_SYNC_BACKWARD_MS, MODEL_ENTRANCES, PROPERTY_ZONE } from './modelProperty.js';

/** The command the phone sends: op 1 unlock, or op 2 select floors with the floors requested. */
export type LockCommand = { readonly op: 'unlock' } | { readonly op: 'floors'; readonly floors: readonly number[] };

export interface Decision {
  readonly code: string;
  readonly why: string;
  readonly grantedFloors: readonly number[];
}

/** The RTC: lock time = lockAt + elapsed true time × (1 + drift ppm / 10⁶) since the anchor. */
interface ClockAnchor {
  readonly trueAt: number;
  readonly lockAt: number;
}

export class ModelLock {
  private clock: ClockAnchor | undefined;
  private blocklist: BlocklistSnapshot | undefined;
  private lastSyncTime: number | undefined;
  private storedSeq: number | undefined;
  private readonly lastGrant = new Map<string, number>();
  private readonly usesPerDay = new Map<string, number>();

  constructor(
    readonly entrance: EntranceKey,
    private readonly settings: HistoryLock,
    start: number,
    blocklist: BlocklistSnapshot,
  ) {
    this.clock = settings.clockUnset === true ? undefined : { trueAt: start, lockAt: start + settings.offsetMs };
    this.blocklist = blocklist;
  }

  /**
   * A provision step: fresh state, the cloud's current signed blocklist (L2), the clock set to the
   * true time by the provisioning tool (the setup's offset is the RTC error of a lock installed
   * long ago; a re-provisioned one starts exact). Its drift goes on from here.
   */
  provision(now: number, blocklist: BlocklistSnapshot): void {
    this.clock = { trueAt: now, lockAt: now };
    this.blocklist = blocklist;
    this.lastSyncTime = undefined;
    this.storedSeq = undefined;
    this.lastGrant.clear();
    this.usesPerDay.clear();
  }

  /** Lock time at true time `now`, undefined while unset. */
  time(now: number): number | undefined {
    if (this.clock === undefined) return undefined;
    const elapsed = now - this.clock.trueAt;
    return this.clock.lockAt + elapsed + Math.round((elapsed * this.settings.driftPpm) / 1e6);
  }

  /** §7.5 row 9 with L1: higher replaces, same or lower is ignored (the lock keeps its newer list); none held accepts any. */
  offerBlocklist(incoming: BlocklistSnapshot | undefined): string {
    if (incoming === undefined) return 'no blocklist';
    const held = this.blocklist;
    if (held === undefined || incoming.version > held.version) {
      this.blocklist = incoming;
      return `blocklist v${incoming.version} installed`;
    }
    return `blocklist v${incoming.version} ${incoming.version === held.version ? 'same' : 'stale, ignored'} (holds v${held.version})`;
  }

  /** §7.5 row 10, §9 rules 3–4 and "Where the clock goes". */
  offerTimeSync(syncTime: number, ageMs: number, now: number): string {
    if (this.lastSyncTime !== undefined && syncTime <= this.lastSyncTime) return 'time sync not newer: ignored';
    const lockNow = this.time(now);
    if (lockNow !== undefined && lockNow - syncTime > MAX_TIME_SYNC_BACKWARD_MS) return 'time sync > 5 min behind the clock: ignored';
    const estimate = syncTime + Math.min(Math.max(ageMs, 0), MAX_TIME_SYNC_AGE_MS);
    const target = lockNow === undefined || lockNow < syncTime ? estimate : Math.min(lockNow, estimate);
    this.clock = { trueAt: now, lockAt: target };
    this.lastSyncTime = syncTime;
    return `time sync applied: clock ${lockNow === undefined ? 'unset' : fmtOffset(lockNow - now)} → ${fmtOffset(target - now)}`;
  }

  /** §7.7, the first matching row wins (rows 1–4 out of scope). */
  decide(doc: ModelDoc, command: LockCommand, now: number): Decision {
    const deny = (code: string, why: string): Decision => ({ code, why, grantedFloors: [] });
    const t = this.time(now);
    if (t === undefined) return deny('CLOCK_UNSET', 'clock unset');
    if (doc.entrance !== this.entrance) return deny('WRONG_LOCK', `document for ${doc.entrance}`);
    if (this.blocklist?.ids.has(doc.id) === true) return deny('REVOKED', `${doc.id} on blocklist v${this.blocklist.version}`);
    if (doc.seq !== undefined && this.storedSeq !== undefined && doc.seq < this.storedSeq) {
      return deny('SUPERSEDED', `seq ${doc.seq} < stored ${this.storedSeq}`);
    }
    if (t < doc.notBefore) return deny('NOT_YET_VALID', `lock time ${iso(t)} < not-before ${iso(doc.notBefore)}`);
    if (t >= doc.notAfter) return deny('EXPIRED', `lock time ${iso(t)} ≥ not-after ${iso(doc.notAfter)}`);
    const hours = MODEL_ENTRANCES[this.entrance].hours;
    if (hours !== null && !isOpenAt(hours, t, PROPERTY_ZONE)) return deny('OUTSIDE_SCHEDULE', `closed at ${iso(t)} local ${PROPERTY_ZONE}`);
    let granted: number[] = [];
    if (MODEL_ENTRANCES[this.entrance].type === 'elevator') {
      const requested = command.op === 'floors' ? command.floors : doc.floors;
      const served = MODEL_ENTRANCES[this.entrance].floors;
      granted = [...new Set(requested)].filter((f) => doc.floors.includes(f) && served.includes(f)).sort((a, b) => a - b);
      if (granted.length === 0) return deny('FLOOR_NOT_PERMITTED', `requested [${requested.join(',')}] ∩ document [${doc.floors.join(',')}] empty`);
    } else if (command.op === 'floors') return deny('FLOOR_NOT_PERMITTED', 'select floors at a non-elevator');
    const last = this.lastGrant.get(doc.id);
    if (this.settings.antiPassbackMs > 0 && last !== undefined && t - last < this.settings.antiPassbackMs) {
      return deny('ANTI_PASSBACK', `last grant ${t - last} ms ago < ${this.settings.antiPassbackMs} ms`);
    }
    const day = `${doc.id}|${localTime(t, PROPERTY_ZONE).date}`;
    const uses = this.usesPerDay.get(day) ?? 0;
    const max = this.settings.maxUsesPerDay;
    if (max !== undefined && uses >= max) return deny('DAILY_LIMIT_REACHED', `${uses} uses on ${day.split('|')[1]} ≥ ${max}`);
    if (doc.seq !== undefined && (this.storedSeq === undefined || doc.seq > this.storedSeq)) this.storedSeq = doc.seq;
    this.lastGrant.set(doc.id, t);
    this.usesPerDay.set(day, uses + 1);
    const seqText = doc.seq === undefined ? 'no seq' : `seq ${doc.seq} ≥ ${this.storedSeq ?? '-'}`;
    return { code: 'GRANTED', why: `${doc.id} valid, ${seqText}${granted.length > 0 ? `, floors [${granted.join(',')}]` : ''}`, grantedFloors: granted };
  }
}

function fmtOffset(ms: number): string {
  return `${ms >= 0 ? '+' : ''}${ms} ms`;
}

function iso(t: number): string {
  return new Date(t).toISOString();
}
