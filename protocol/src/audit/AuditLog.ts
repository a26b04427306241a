/**
 * A lock's audit ring buffer (PROTOCOL.md §10): keeps the newest `capacity` records; sequence
 * numbers keep increasing when old records are overwritten, so a phone can tell what it missed.
 */
import { KeyrigError } from '../errors.js';
import type { AuditRecord } from './AuditRecord.js';

export class AuditLog {
  readonly #records: AuditRecord[] = [];
  #nextSequence: number;

  /** `firstSequence` lets a lock continue numbering after a restart. */
  constructor(readonly capacity = 256, firstSequence = 1) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new KeyrigError('config', 'audit capacity must be >= 1');
    this.#nextSequence = firstSequence;
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
  since(fromSequence: number, max = Infinity): AuditRecord[] {
    return this.#records.filter((r) => r.sequence >= fromSequence).slice(0, max);
  }

  /** All retained records, oldest first. */
  all(): readonly AuditRecord[] {
    return [...this.#records];
  }
}
