/**
 * The lock's audit trail: a fixed-size ring buffer with monotonically increasing sequence numbers,
 * as in lock flash. Phones carry records to the cloud ("get audits without delete"): the lock hands
 * out records after a sequence number and never deletes on read; the oldest are overwritten when
 * the ring is full, and the gap is visible in the sequence numbers.
 */
export type AuditEvent =
  | 'boot'
  | 'access'
  | 'time-sync'
  | 'blocklist-update'
  | 'lockout'
  | 'relock'
  | 'jam'
  | 'battery';

export interface AuditRecord {
  /** 1, 2, 3… never reused, survives restarts. */
  seq: number;
  /** Lock time (its RTC), ms since the epoch. */
  time: number;
  event: AuditEvent;
  /** PROTOCOL.md §8 result code of the attempt (access events), else 0. */
  result: number;
  /** Credential id (hex) when the event concerns a credential; never key material. */
  credentialId?: string;
  /** Floors granted (elevator). */
  floors?: number[];
  /** Short free text for QA ("blocklist v3", "battery 4%"). */
  detail?: string;
}

export interface AuditState {
  nextSeq: number;
  records: AuditRecord[];
}

export class AuditRing {
  #nextSeq: number;
  #records: AuditRecord[];

  constructor(readonly capacity = 256, restored?: AuditState) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`audit capacity must be ≥ 1, got ${capacity}`);
    this.#nextSeq = restored?.nextSeq ?? 1;
    this.#records = (restored?.records ?? []).slice(-capacity);
  }

  append(record: Omit<AuditRecord, 'seq'>): AuditRecord {
    const full: AuditRecord = { seq: this.#nextSeq++, ...record };
    this.#records.push(full);
    if (this.#records.length > this.capacity) this.#records.shift();
    return full;
  }

  /** Records with seq > `afterSeq`, oldest first, at most `max`. */
  since(afterSeq: number, max = this.capacity): AuditRecord[] {
    return this.#records.filter((r) => r.seq > afterSeq).slice(0, Math.max(0, max));
  }

  get lastSeq(): number {
    return this.#nextSeq - 1;
  }

  get size(): number {
    return this.#records.length;
  }

  snapshot(): AuditState {
    return { nextSeq: this.#nextSeq, records: this.#records.map((r) => ({ ...r })) };
  }
}
