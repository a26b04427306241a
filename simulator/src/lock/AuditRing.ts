/**
 * The lock's audit trail (PROTOCOL.md §10): a fixed-size ring of protocol AuditRecords with
 * sequence numbers that keep increasing across overwrites and restarts, as in lock flash. Phones
 * carry records to the cloud ("get audits without delete"): reading never deletes; when the ring
 * is full the oldest record is overwritten and the gap shows in the sequence numbers.
 * (protocol's AuditLog cannot be restored from flash with its records, hence this small ring.)
 */
import type { AuditRecord } from '@keyrig/protocol';

export interface AuditState {
  nextSequence: number;
  records: AuditRecord[];
}

export class AuditRing {
  #nextSequence: number;
  #records: AuditRecord[];

  constructor(readonly capacity = 256, restored?: AuditState) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`audit capacity must be ≥ 1, got ${capacity}`);
    this.#nextSequence = restored?.nextSequence ?? 1;
    this.#records = (restored?.records ?? []).slice(-capacity);
  }

  append(record: Omit<AuditRecord, 'sequence'>): AuditRecord {
    const full: AuditRecord = { ...record, sequence: this.#nextSequence };
    this.#nextSequence = (this.#nextSequence + 1) >>> 0;
    this.#records.push(full);
    if (this.#records.length > this.capacity) this.#records.shift();
    return full;
  }

  /** Records with sequence >= `fromSequence`, oldest first, at most `max`. */
  since(fromSequence: number, max = this.capacity): AuditRecord[] {
    return this.#records.filter((r) => r.sequence >= fromSequence).slice(0, Math.max(0, max));
  }

  /** Sequence of the newest record (0 when none). */
  highWater(): number {
    return this.#records.at(-1)?.sequence ?? 0;
  }

  get size(): number {
    return this.#records.length;
  }

  snapshot(): AuditState {
    return { nextSequence: this.#nextSequence, records: this.#records.map((r) => ({ ...r, floors: [...r.floors] })) };
  }
}
