/**
 * An audit record's lock time is whatever the lock's RTC said (u64 ms, §10): a lock with a broken
 * clock, or a hostile one, can write a time past the largest JavaScript date (8.64e15 ms). Found by
 * probing the audit upload with extreme but well-formed records: such a record made
 * /phone/audit/upload answer 500, and since a batch is one transaction, every phone relaying that
 * lock's history kept failing its upload. It must be recorded (with the cloud's time) and say so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandOp, NO_CREDENTIAL_ID, ResultCode } from '@keyrig/protocol';
import { guestWithKey, holderLoads, lockAuditSealer, startTestCloud, type TestCloud } from '../cloud/testCloud.js';

describe('audit upload with absurd lock times', () => {
  let t: TestCloud;
  beforeAll(async () => {
    t = await startTestCloud();
  });
  afterAll(async () => t.close());

  it('records past the largest date are accepted with the cloud time, never a 500', async () => {
    const g = await guestWithKey(t, ['room-101']);
    const h = await holderLoads(t, g.instantKey.instant_key_url);
    const lockId = (await t.call('/acs/entrances/list')).body.acs_entrances[0].keyrig_metadata.lock_ids[0] as string;
    const times = [2 ** 53 - 1, 8.64e15 + 1, 8.64e15, 1];
    // Sealed by the lock itself (§10.1): a lock with a broken clock signs what its RTC says.
    const seal = await lockAuditSealer(t, lockId);
    const records = await seal(times.map((time, i) => ({ sequence: 900 + i, time, credentialId: NO_CREDENTIAL_ID, op: CommandOp.UNLOCK, resultCode: ResultCode.WRONG_LOCK, floors: [] })));
    const r = await t.call('/phone/audit/upload', { records }, h.token);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.audit_upload.recorded).toBe(times.length);
    const events = (await t.call('/events/list', { event_types: ['lock.access_denied'] })).body.events as any[];
    for (const e of events) expect(Number.isNaN(Date.parse(e.occurred_at))).toBe(false);
  });
});
