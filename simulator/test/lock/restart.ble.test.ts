/** State survives a lock restart; several phones at once; read-pull responses. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importPublicKey, jwkToPublicKeyRaw, openSealedAuditRecord, ResultCode } from '@keyrig/protocol';
import { T0 } from './fixtures.js';
import { waitUntil } from '@keyrig/testkit';
import { startRig, type Rig } from './rig.js';
import { blocklistBlob, timeSyncBlob } from './world.js';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('lock restart', () => {
  it('keeps audit log and sequence, blocklist version, its key sequence, counters and the RTC correction', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'keyrig-lock-state-'));
    rig = await startRig('door', { stateDir, behaviour: { clockOffsetMs: 90_000 } });
    const id = rig.provisioning.lock_id;
    const revoked = await rig.key();
    const p = await rig.phone(await rig.key({ accessGrantId: 'g', keySequences: { [id]: 3 } }), {
      blocklist: await blocklistBlob(rig.provider, 4, [revoked.credential.document.credentialId]),
      timeSync: await timeSyncBlob(rig.provider, T0, id),
    });
    expect((await p.handshake).ok).toBe(true);
    expect((await p.session.unlock()).codeName).toBe('GRANTED');
    await p.disconnect();
    const before = rig.lock.status();
    expect(before.clockErrorMs).toBe(0);

    await rig.restart();
    const after = rig.lock.status();
    expect(after.counters.boots).toBe(2);
    expect(after.counters.grants).toBe(1);
    expect(after.blocklistVersion).toBe(4);
    expect(after.auditHighWater).toBe(before.auditHighWater);
    expect(after.clockErrorMs).toBe(0);

    // The lock's key sequence (3) survived: an earlier guest's key (another grant, 2) is superseded.
    const old = await rig.phone(await rig.key({ accessGrantId: 'g-earlier', keySequences: { [id]: 2 } }));
    expect((await old.handshake).ok).toBe(true);
    expect((await old.session.unlock()).codeName).toBe('SUPERSEDED');
    await old.disconnect();
    const r = await rig.phone(revoked);
    expect((await r.handshake).ok).toBe(true);
    expect((await r.session.unlock()).codeName).toBe('REVOKED');
    // A phone uploads the audit trail, records from before the restart included.
    const audit = await r.session.fetchAudit(1);
    // Sealed by the lock (§10.1): the provider opens them with its audit key.
    const lockKey = await importPublicKey(jwkToPublicKeyRaw(rig.provisioning.lock_key.public_jwk), 'ecdsa');
    const a = rig.provider.audit;
    const opened = await Promise.all((audit.auditRecords ?? []).map(async (x) => {
      const o = await openSealedAuditRecord(x.sealed, { lockPublicKey: () => lockKey, auditPrivateKey: (kid) => (kid === a.keyId ? a.privateKey : undefined) });
      return o.ok ? o.record : o.reason;
    }));
    expect(opened.map((x) => (typeof x === 'string' ? x : [x.sequence, x.resultCode]))).toEqual([
      [1, ResultCode.GRANTED],
      [2, ResultCode.SUPERSEDED],
      [3, ResultCode.REVOKED],
    ]);
  });
});

describe('several phones', () => {
  it('two phones in session at once are both served; a third gets BUSY until one leaves', async () => {
    rig = await startRig('door', { behaviour: { maxSessions: 2 } });
    const a = await rig.phone();
    const b = await rig.phone();
    expect((await a.handshake).ok).toBe(true);
    expect((await b.handshake).ok).toBe(true);
    const [ra, rb] = await Promise.all([a.session.unlock(), b.session.unlock()]);
    expect([ra.codeName, rb.codeName]).toEqual(['GRANTED', 'GRANTED']);
    expect(rig.lock.firmware.flags().busy).toBe(true);
    const c = await rig.phone();
    const hc = await c.handshake;
    expect(hc.ok ? 'ok' : hc.codeName).toBe('BUSY');
    await c.disconnect();
    await a.disconnect();
    await waitUntil(() => !rig!.lock.firmware.flags().busy, 'a slot to free');
    const d = await rig.phone();
    expect((await d.handshake).ok).toBe(true);
  });

  it('serves a phone that pulls responses by reading (no notifications, §2)', async () => {
    rig = await startRig('door');
    const p = await rig.phone(undefined, { readPull: true });
    expect((await p.handshake).ok).toBe(true);
    expect((await p.session.unlock()).codeName).toBe('GRANTED');
  });
});
