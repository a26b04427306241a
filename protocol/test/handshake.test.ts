/**
 * LockSession and PhoneSession complete the §7 handshake through real FramedChannels (§3) at
 * MTU 23 and 185, for each lock type, then unlock / select floors / fetch audit.
 */
import { describe, expect, it } from 'vitest';
import { ResultCode } from '../src/resultCodes.js';
import { openSealedAuditRecord } from '../src/audit/sealedAuditRecord.js';
import { makePair } from './world.js';

describe.each([23, 185])('handshake at MTU %i', (mtu) => {
  it('door: handshake then unlock (GRANTED with a relock time, audited)', async () => {
    const p = await makePair({ mtu, kind: 'door' });
    const hs = await p.phoneSession.start();
    expect(hs).toMatchObject({ ok: true, version: 1, lockId: p.lock.lockId, lockTime: p.clock.now(), auditHighWater: 0 });
    expect(p.lockSession.state).toBe('ready');
    const r = await p.phoneSession.unlock();
    expect(r).toMatchObject({ code: ResultCode.GRANTED, codeName: 'GRANTED', grantedFloors: [], auditSequence: 1, relockTime: p.clock.now() + 5000 });
    expect(p.firmware.audit.all()).toHaveLength(1);
    // A second command in the same session.
    expect((await p.phoneSession.unlock()).code).toBe(ResultCode.GRANTED);
  });

  it('elevator: select floors grants the intersection; none permitted is a RESULT, not an error', async () => {
    const p = await makePair({ mtu, kind: 'elevator' });
    expect((await p.phoneSession.start()).ok).toBe(true);
    expect(await p.phoneSession.selectFloors([5, 6, 9])).toMatchObject({ code: ResultCode.GRANTED, grantedFloors: [5, 9] });
    expect(await p.phoneSession.selectFloors([7])).toMatchObject({ code: ResultCode.FLOOR_NOT_PERMITTED, grantedFloors: [] });
    expect(p.phoneSession.state).toBe('ready');
  });

  it('amenity: daily limit, then fetch audit records', async () => {
    const p = await makePair({ mtu, kind: 'amenity', credential: { maxUsesPerDay: 1 } });
    expect((await p.phoneSession.start()).ok).toBe(true);
    expect((await p.phoneSession.unlock()).code).toBe(ResultCode.GRANTED);
    expect((await p.phoneSession.unlock()).code).toBe(ResultCode.DAILY_LIMIT_REACHED);
    const audit = await p.phoneSession.fetchAudit(1);
    // §10.1: the phone holds sealed records; only the provider's audit key opens them.
    const k = p.firmware.sealKeys!;
    const opened = await Promise.all((audit.auditRecords ?? []).map((r) =>
      openSealedAuditRecord(r.sealed, { lockPublicKey: () => k.lockPublicKey, auditPrivateKey: (id) => (id === k.auditKey.keyId ? k.auditPrivateKey : undefined) })));
    expect(opened.map((o) => (o.ok ? [o.record.sequence, o.record.resultCode] : o.reason))).toEqual([
      [1, ResultCode.GRANTED],
      [2, ResultCode.DAILY_LIMIT_REACHED],
    ]);
    expect(audit.auditRecords?.map((r) => [r.lockId, r.sequence])).toEqual([[p.lock.lockId, 1], [p.lock.lockId, 2]]);
    expect(audit).toMatchObject({ nextAuditSequence: 3, moreAudit: false });
  });
});

describe('sessions', () => {
  it('audit fetch pages when more records wait', async () => {
    const p = await makePair();
    // §10: at most 6 sealed records per message; 8 records page as 6 + 2.
    for (let i = 0; i < 8; i++) p.firmware.audit.append({ time: i, credentialId: '00000000-0000-0000-0000-000000000000', op: 1, resultCode: 0, floors: [] });
    await p.phoneSession.start();
    const first = await p.phoneSession.fetchAudit(0);
    expect(first.auditRecords).toHaveLength(6);
    expect(first).toMatchObject({ moreAudit: true, nextAuditSequence: 7 });
    const second = await p.phoneSession.fetchAudit(first.nextAuditSequence!);
    expect(second.auditRecords).toHaveLength(2);
    expect(second.moreAudit).toBe(false);
  });

  it('a time sync in PHONE_AUTH sets a lock clock that was unset, and the unlock then succeeds', async () => {
    const base = await makePair();
    const timeSync = await (await import('./world.js')).signTimeSync({ time: base.clock.now(), lockId: base.lock.lockId }, base.provider.signer);
    const p = await makePair({ provider: base.provider, testLock: base.lock, phone: { timeSync } });
    p.firmware.condition_ = { clockUnset: true };
    const hs = await p.phoneSession.start();
    expect(hs).toMatchObject({ ok: true, lockTime: p.clock.now() });
    expect((await p.phoneSession.unlock()).code).toBe(ResultCode.GRANTED);
  });

  it('a transport close ends both sides as data', async () => {
    const p = await makePair();
    await p.phoneSession.start();
    p.lockSession.close();
    p.phoneSession.close();
    expect(p.ends.lock).toMatchObject({ by: 'transport', codeName: 'GRANTED' });
    expect(p.ends.phone).toMatchObject({ by: 'transport', codeName: 'GRANTED' });
  });

  it('the idle timeout closes a ready session (poll)', async () => {
    const p = await makePair();
    await p.phoneSession.start();
    p.clock.advance(10_001);
    expect(await p.lockSession.poll()).toBe(true);
    await p.settle();
    expect(p.ends.lock).toMatchObject({ codeName: 'DEADLINE_EXCEEDED', reason: 'session idle timeout' });
    expect(p.ends.phone).toMatchObject({ codeName: 'DEADLINE_EXCEEDED', by: 'peer' });
  });
});

describe('session API misuse and bad input', () => {
  it('commands before the handshake, two at once, or with bad floors reject with typed errors', async () => {
    const p = await makePair({ kind: 'elevator' });
    await expect(p.phoneSession.unlock()).rejects.toThrow(/ready session/);
    const hs = p.phoneSession.start();
    await expect(p.phoneSession.start()).rejects.toThrow(/start\(\) called/);
    await hs;
    await expect(p.phoneSession.selectFloors([])).rejects.toThrow(/at least one floor/);
    await expect(p.phoneSession.selectFloors([70000])).rejects.toThrow(/0\.\.65535/);
    const first = p.phoneSession.unlock();
    await expect(p.phoneSession.unlock()).rejects.toThrow(/one command at a time/);
    expect((await first).code).toBe(ResultCode.GRANTED);
  });

  it('a connection that never says HELLO is closed by poll() after the idle timeout', async () => {
    const p = await makePair();
    p.clock.advance(10_001);
    expect(await p.lockSession.poll()).toBe(true);
    expect(p.ends.lock).toMatchObject({ codeName: 'DEADLINE_EXCEEDED' });
  });

  it('garbage from the phone after the handshake: DECRYPT_FAILED or MALFORMED, never a crash', async () => {
    const p = await makePair();
    await p.phoneSession.start();
    await p.lockSession.receive(Uint8Array.of(0x05, 0, 0, 0, 9, ...new Array(20).fill(1)));
    expect(p.ends.lock).toMatchObject({ codeName: 'DECRYPT_FAILED' });
    const q = await makePair();
    await q.phoneSession.start();
    await q.lockSession.receive(Uint8Array.of(0x05, 1));
    expect(q.ends.lock).toMatchObject({ codeName: 'MALFORMED' });
  });
});
