/**
 * Issue #17, item 2: a phone's audit fetch shows no other guest's credential id in clear
 * (PROTOCOL.md §10.1). Real cloud, a real lock started from the cloud's provisioning file on the
 * virtual air, two guests' phones over noble: the second phone fetches the trail, finds neither
 * guest's credential id in any byte it received, and still relays it — the cloud records both
 * entries, each with its own guest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAuditRecord, decodeCredentialDocument, fromBase64Url, importProviderKeys, jwkToPublicKeyRaw, toBase64Url, toHex, uuidToBytes } from '@keyrig/protocol';
import { pino } from 'pino';
import { Air } from '../../src/air/index.js';
import { startLock, type RunningLock } from '../../src/lock/startLock.js';
import { connectPhone, findLock, startNoble, type Noble } from '../lock/blePhone.js';
import { guestWithKey, holderLoads, newDeviceKey, startTestCloud, type TestCloud } from './testCloud.js';

const silent = pino({ level: 'silent' });

describe('audit privacy on a real lock', () => {
  let t: TestCloud;
  let air: Air;
  let lock: RunningLock;
  const nobles: Noble[] = [];
  beforeAll(async () => {
    t = await startTestCloud();
    air = new Air({ seed: 17 });
    const provisioning = (await t.cloud.provisioning()).locks.find((l) => l.entrance_name === 'Main Entrance')!;
    lock = await startLock({ provisioning, air, clock: t.clock, logger: silent });
  });
  afterAll(async () => {
    for (const n of nobles) n.stop();
    await lock?.close();
    await air?.close();
    await t?.close();
  });

  /** A guest's phone with the cloud's key for the main entrance. */
  async function guestPhone(name: string) {
    const g = await guestWithKey(t, ['main-entrance']);
    const device = await newDeviceKey();
    const h = await holderLoads(t, g.instantKey.instant_key_url, device);
    const c = (h.load!.body.credential_bundle.credentials as any[]).find((x) => x.entrance_name === 'Main Entrance');
    const bytes = fromBase64Url(c.document);
    const noble = await startNoble(air, name);
    nobles.push(noble);
    const providerKeys = await importProviderKeys(t.cloud.providerKeys().map((k) => [k.kid, jwkToPublicKeyRaw(k.public_jwk)] as const));
    const { peripheral } = await findLock(noble, lock.firmware.lockId);
    const phone = await connectPhone({ peripheral, key: { credential: { bytes, document: decodeCredentialDocument(bytes) }, endpointKey: device.keyPair }, providerKeys, clock: t.clock, lockId: lock.firmware.lockId });
    return { phone, token: h.token!, credentialId: c.credential_id as string, userIdentityId: g.userIdentity.user_identity_id as string };
  }

  it("the second guest's fetch holds no credential id in clear, and the relay still records both guests' entries", async () => {
    const first = await guestPhone('guest-a');
    expect((await first.phone.handshake).ok).toBe(true);
    expect((await first.phone.session.unlock()).codeName).toBe('GRANTED');
    await first.phone.disconnect();

    const second = await guestPhone('guest-b');
    expect((await second.phone.handshake).ok).toBe(true);
    const mine = await second.phone.session.unlock();
    expect(mine.codeName).toBe('GRANTED'); // the phone learns its own result from RESULT
    const fetched = await second.phone.session.fetchAudit(1);
    await second.phone.disconnect();
    const records = fetched.auditRecords ?? [];
    expect(records.map((r) => r.sequence)).toEqual([1, 2]);
    expect(records.every((r) => r.lockId === lock.firmware.lockId)).toBe(true);
    // Neither credential id, as bytes or as text, in anything the phone holds.
    const held = records.map((r) => toHex(r.sealed)).join('') + records.map((r) => Buffer.from(r.sealed).toString('latin1')).join('');
    for (const id of [first.credentialId, second.credentialId]) {
      expect(held).not.toContain(toHex(uuidToBytes(id)));
      expect(held).not.toContain(id);
    }
    for (const r of records) expect(() => decodeAuditRecord(r.sealed)).toThrow(); // not a §10 record in clear

    const up = await t.call('/phone/audit/upload', { records: records.map((r) => ({ lock_id: r.lockId, record: toBase64Url(r.sealed) })) }, second.token);
    expect(up.body.audit_upload).toMatchObject({ received: 2, recorded: 2, refused: 0 });
    for (const g of [first, second]) {
      const ev = (await t.call('/events/list', { user_identity_id: g.userIdentityId, event_types: ['lock.unlocked'] })).body.events as any[];
      expect(ev.map((e) => e.keyrig_metadata.credential_id)).toEqual([g.credentialId]);
    }
  }, 60_000);
});
