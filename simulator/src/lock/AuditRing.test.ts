import { describe, expect, it } from 'vitest';
import { CommandOp, NO_CREDENTIAL_ID } from '@keyrig/protocol';
import { AuditRing } from './AuditRing.js';

const rec = (resultCode: number) => ({ time: 1, credentialId: NO_CREDENTIAL_ID, op: CommandOp.UNLOCK, resultCode, floors: [] });

describe('AuditRing', () => {
  it('overwrites the oldest record when full; sequences keep counting, so the gap is visible', () => {
    const ring = new AuditRing(3);
    for (let i = 0; i < 5; i++) ring.append(rec(i));
    expect(ring.size).toBe(3);
    expect(ring.highWater()).toBe(5);
    expect(ring.since(1).map((r) => r.sequence)).toEqual([3, 4, 5]);
    expect(ring.since(4, 1).map((r) => r.sequence)).toEqual([4]);
  });

  it('continues from a snapshot (a reboot)', () => {
    const a = new AuditRing(4);
    a.append(rec(0));
    a.append(rec(1));
    const b = new AuditRing(4, a.snapshot());
    expect(b.append(rec(2)).sequence).toBe(3);
    expect(b.since(0).map((r) => r.resultCode)).toEqual([0, 1, 2]);
  });
});
