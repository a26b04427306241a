import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { timeArb, u32Arb, uuidArb } from '../../test/arbitraries.js';
import { AuditLog } from './AuditLog.js';
import { decodeAuditRecord, encodeAuditRecord, type AuditRecord } from './AuditRecord.js';

describe('audit', () => {
  it('records round-trip (fast-check)', () => {
    const arb: fc.Arbitrary<AuditRecord> = fc.record({
      sequence: u32Arb,
      time: timeArb,
      credentialId: uuidArb,
      op: fc.constantFrom(0 as const, 1 as const, 2 as const, 3 as const),
      resultCode: fc.integer({ min: 0, max: 255 }),
      floors: fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 5 }),
    });
    fc.assert(fc.property(arb, (r) => {
      expect(decodeAuditRecord(encodeAuditRecord(r))).toEqual(r);
    }));
  });

  it('the ring buffer keeps the newest records and keeps counting', () => {
    const log = new AuditLog(3);
    for (let i = 0; i < 5; i++) log.append({ time: i, credentialId: '00000000-0000-0000-0000-000000000000', op: 1, resultCode: 0, floors: [] });
    expect(log.highWater()).toBe(5);
    expect(log.all().map((r) => r.sequence)).toEqual([3, 4, 5]);
    expect(log.since(1).map((r) => r.sequence)).toEqual([3, 4, 5]);
    expect(log.since(4, 1).map((r) => r.sequence)).toEqual([4]);
  });

  it('continues from a snapshot (a lock restart): numbering and records survive', () => {
    const rec = (resultCode: number) => ({ time: 1, credentialId: '00000000-0000-0000-0000-000000000000', op: 1, resultCode, floors: [2] });
    const a = new AuditLog(4);
    a.append(rec(0));
    a.append(rec(1));
    const saved = a.snapshot();
    saved.records[0]!.floors.push(99); // a deep copy: the log itself is unchanged
    expect(a.all()[0]!.floors).toEqual([2]);
    const b = new AuditLog(2, a.snapshot());
    expect(b.size).toBe(2);
    expect(b.append(rec(2)).sequence).toBe(3);
    expect(b.since(0).map((r) => r.resultCode)).toEqual([1, 2]);
    expect(() => new AuditLog(0)).toThrow(/audit capacity must be >= 1, got 0/);
  });
});
