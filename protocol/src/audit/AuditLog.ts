/**
 * A lock's audit ring buffer (PROTOCOL.md §10): keeps the newest `capacity` records; sequence
 * numbers keep increasing when old records are overwritten, so a phone can tell what it missed.
 * Phones carry records to the cloud ("get audits without delete"): reading never deletes. A lock
 * persists `snapshot()` and passes it back after a restart, so numbering and records survive.
 */
import { KeyrigError } from '../errors.js';
import type { AuditRecord } from './AuditRecord.js';

/** What a lock keeps in flash to continue its audit trail after a restart. */
export interface AuditState {
  nextSequence: number;
  records: AuditRecord[];
}

export class AuditLog {
  #records: AuditRecord[];
  #nextSequence: number;

  constructor(readonly capacity = 256, restored?: AuditState) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new KeyrigError('config', `audit capacity must be >= 1, got ${capacity}`);
    this.#nextSequence = restored?.nextSequence ?? 1;
    this.#records = (restored?.records ?? []).slice(-capacity);
  }

  /** Appends a record, assigning its sequence; returns it. */
  append(record: Omit<AuditRecord, 'sequence'>): AuditRecord {
    const full: AuditRecord = { ...record, sequence: this.#nextSequence };
    this.#nextSequence = (this.#nextSequence + 1) >>> 0;
    this.#records.push(full);
    if (this.#records.length > this.capacity) this.#records.shift();
    return full;
  }

  /** Sequence of the newest record (0 when empty). */
  highWater(): number {
    return this.#records.at(-1)?.sequence ?? 0;
  }

  /** Records with sequence >= fromSequence, oldest first, at most `max`. */
  since(fromSequence: number, max = this.capacity): AuditRecord[] {
    return this.#records.filter((r) => r.sequence >= fromSequence).slice(0, Math.max(0, max));
  }

  /** All retained records, oldest first. */
  all(): readonly AuditRecord[] {
    return [...this.#records];
  }

  /** Number of records retained. */
  get size(): number {
    return this.#records.length;
  }

  /** A deep copy to persist (see AuditState). */
  snapshot(): AuditState {
    return { nextSequence: this.#nextSequence, records: this.#records.map((r) => ({ ...r, floors: [...r.floors] })) };
  }
}
