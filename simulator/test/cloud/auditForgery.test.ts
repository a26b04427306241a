/**
 * Issue #17, item 1: the audit trail a phone relays cannot be forged (PROTOCOL.md §10.1,
 * docs/CLOUD.md "Audit upload"). Real cloud over HTTP; the attacker is an ordinary guest with an
 * instant key and a client session. Genuine records are sealed with the lock's own key from the
 * cloud's provisioning file (lockAuditSealer), as the lock does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandOp, encodeAuditRecord, exportPublicKeyRaw, generateEphemeralKeyPair, generateSigningKeyPair, ResultCode, sealAuditRecord, toBase64Url, type AuditRecord } from '@keyrig/protocol';
import { guestWithKey, holderLoads, lockAuditSealer, startTestCloud, type TestCloud } from './testCloud.js';

describe('forged audit records are refused, counted and never emitted', () => {
  let t: TestCloud;
  beforeAll(async () => {
    t = await startTestCloud();
  });
  afterAll(async () => t.close());

  const lockOf = async (entranceKey: string): Promise<{ lockId: string; acsEntranceId: string }> => {
    const e = ((await t.call('/acs/entrances/list')).body.acs_entrances as any[]).find((x) => x.keyrig_metadata.entrance_key === entranceKey);
    return { lockId: e.keyrig_metadata.lock_ids[0], acsEntranceId: e.acs_entrance_id };
  };
  /** A guest with a key, holding a client session; their credential id at `entranceKey`. */
  const guest = async (entranceKey: string) => {
    const g = await guestWithKey(t, [entranceKey]);
    const h = await holderLoads(t, g.instantKey.instant_key_url);
    const cred = (h.load!.body.credential_bundle.credentials as any[])[0];
    return { token: h.token!, credentialId: cred.credential_id as string, userIdentityId: g.userIdentity.user_identity_id as string };
  };
  const upload = (records: unknown[], token: string) => t.call('/phone/audit/upload', { records }, token);
  const events = async (userIdentityId?: string) =>
    (await t.call('/events/list', { ...(userIdentityId ? { user_identity_id: userIdentityId } : {}), event_types: ['lock.unlocked', 'lock.access_denied'], limit: 10_000 })).body.events as any[];
  const granted = (sequence: number, credentialId: string): AuditRecord => ({ sequence, time: t.clock.now() - 1000, credentialId, op: CommandOp.UNLOCK, resultCode: ResultCode.GRANTED, floors: [] });
  /** The attacker's best try at a sealed record: right format, right audit key, but signed with a key of their own. */
  const forge = async (lockId: string, record: AuditRecord) => {
    const provisioning = (await t.call('/keyrig/locks/provisioning')).body.provisioning;
    const auditKey = provisioning.locks[0].provider_audit_key; // public: any lock's file names it
    const own = await generateSigningKeyPair(false);
    const raw = await exportPublicKeyRaw((await crypto.subtle.importKey('jwk', { ...auditKey.public_jwk }, { name: 'ECDH', namedCurve: 'P-256' }, true, [])));
    return toBase64Url(await sealAuditRecord(record, { lockId, lockPrivateKey: own.privateKey, auditKey: { keyId: auditKey.kid, publicKey: raw } }));
  };

  it("a GRANTED for another guest's room, in every form a guest can make, is refused and emits no event", async () => {
    const victim = await guest('room-102');
    const attacker = await guest('room-101');
    const room102 = await lockOf('room-102');
    const room101 = await lockOf('room-101');
    const before = (await events()).length;
    // 1. the pre-#17 plain record; 2. sealed but signed by the attacker; 3. a genuine record of
    // room 101's lock relabelled as room 102's; 4. the attacker's own genuine room-101 record
    // naming the victim's credential is impossible (the lock only signs what happened).
    const plain = toBase64Url(encodeAuditRecord(granted(7, victim.credentialId)));
    const signedByAttacker = await forge(room102.lockId, granted(8, victim.credentialId));
    const [relabelled] = await (await lockAuditSealer(t, room101.lockId))([granted(9, attacker.credentialId)]);
    const r = await upload([
      { lock_id: room102.lockId, record: plain },
      { lock_id: room102.lockId, record: signedByAttacker },
      { lock_id: room102.lockId, record: relabelled!.record },
    ], attacker.token);
    expect(r.status).toBe(200);
    expect(r.body.audit_upload).toEqual({
      received: 3, recorded: 0, duplicate: 0, refused: 3,
      refusals: [{ index: 0, reason: 'malformed' }, { index: 1, reason: 'bad_signature' }, { index: 2, reason: 'lock_mismatch' }],
    });
    expect(await events(victim.userIdentityId)).toEqual([]);
    expect((await events()).length).toBe(before);
  });

  it('a record for a lock that does not exist is refused (unknown_lock)', async () => {
    const attacker = await guest('room-101');
    const ghost = '0badf00d-0000-4000-8000-000000000000';
    const r = await upload([{ lock_id: ghost, record: await forge(ghost, granted(1, attacker.credentialId)) }], attacker.token);
    expect(r.body.audit_upload).toMatchObject({ recorded: 0, refused: 1, refusals: [{ index: 0, reason: 'unknown_lock' }] });
  });

  it('pre-claimed sequences 100-1099 do not block the genuine record 500: it is recorded once, whoever relays it', async () => {
    const victim = await guest('room-102');
    const attacker = await guest('room-101');
    const { lockId, acsEntranceId } = await lockOf('room-102');
    const forged = await Promise.all(Array.from({ length: 1000 }, (_, i) => forge(lockId, granted(100 + i, victim.credentialId))));
    const pre = await upload(forged.map((record) => ({ lock_id: lockId, record })), attacker.token);
    expect(pre.body.audit_upload).toMatchObject({ received: 1000, recorded: 0, refused: 1000 });
    expect(new Set(pre.body.audit_upload.refusals.map((x: any) => x.reason))).toEqual(new Set(['bad_signature']));
    // The lock's genuine record 500 (the victim's entry), relayed first by the attacker's phone:
    const genuine = await (await lockAuditSealer(t, lockId))([granted(500, victim.credentialId)]);
    expect((await upload(genuine, attacker.token)).body.audit_upload).toMatchObject({ recorded: 1, duplicate: 0, refused: 0 });
    expect((await upload(genuine, victim.token)).body.audit_upload).toMatchObject({ recorded: 0, duplicate: 1, refused: 0 });
    const ev = await events(victim.userIdentityId);
    expect(ev.map((e) => [e.event_type, e.keyrig_metadata.audit_sequence, e.acs_entrance_id])).toEqual([['lock.unlocked', 500, acsEntranceId]]);
  }, 60_000);

  it("a lock-signed GRANTED naming a credential of another entrance is refused; an unknown credential too; a denial of one is recorded", async () => {
    const other = await guest('room-101');
    const { lockId } = await lockOf('room-102');
    const seal = await lockAuditSealer(t, lockId);
    const wrongLock: AuditRecord = { ...granted(2001, other.credentialId), resultCode: ResultCode.WRONG_LOCK };
    const r = await upload(await seal([granted(2000, other.credentialId), granted(2002, 'feedface-0000-4000-8000-000000000000'), wrongLock]), other.token);
    expect(r.body.audit_upload).toEqual({
      received: 3, recorded: 1, duplicate: 0, refused: 2,
      refusals: [{ index: 0, reason: 'credential_not_for_lock' }, { index: 1, reason: 'unknown_credential' }],
    });
    expect((await events(other.userIdentityId)).map((e) => [e.event_type, e.keyrig_metadata.result])).toEqual([['lock.access_denied', 'WRONG_LOCK']]);
  });

  it('a record sealed to an audit key the cloud does not hold is refused (unknown_audit_key)', async () => {
    const g = await guest('room-101');
    const { lockId } = await lockOf('room-101');
    const file = (await t.call('/keyrig/locks/provisioning')).body.provisioning.locks.find((l: any) => l.lock_id === lockId);
    const lockKey = await crypto.subtle.importKey('jwk', file.lock_key.private_jwk, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
    const stranger = await generateEphemeralKeyPair(false);
    const sealed = await sealAuditRecord(granted(3000, g.credentialId), { lockId, lockPrivateKey: lockKey, auditKey: { keyId: 'not-ours', publicKey: await exportPublicKeyRaw(stranger.publicKey) } });
    const r = await upload([{ lock_id: lockId, record: toBase64Url(sealed) }], g.token);
    expect(r.body.audit_upload.refusals).toEqual([{ index: 0, reason: 'unknown_audit_key' }]);
  });
});
