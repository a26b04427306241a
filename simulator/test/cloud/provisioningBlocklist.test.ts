/**
 * Lock provisioning carries the cloud's current, signed, complete blocklist (PROTOCOL.md §9,
 * docs/CLOUD.md "Lock provisioning file", issue #16): a lock provisioned after a revocation
 * refuses the revoked key from its first decision. Real cloud, real lock firmware.
 */
import { fromBase64Url, importProviderKeys, jwkToPublicKeyRaw, ResultCode, verifyBlocklist, verifyCredentialDocument } from '@keyrig/protocol';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LockFirmware } from '../../src/lock/LockFirmware.js';
import { MemoryStateStore } from '../../src/lock/stateStore.js';
import { LockProvisioningSchema, type LockProvisioning } from '../../src/property/provisioning.js';
import { guestWithKey, holderLoads, newDeviceKey, startTestCloud, type TestCloud } from './testCloud.js';

const UNLOCK = { op: 'unlock' } as const;
const silent = pino({ level: 'silent' });

describe('lock provisioning carries the blocklist', () => {
  let t: TestCloud;
  beforeAll(async () => {
    t = await startTestCloud();
  });
  afterAll(async () => t.close());

  const providerKeys = () => importProviderKeys(t.cloud.providerKeys().map((k) => [k.kid, jwkToPublicKeyRaw(k.public_jwk)] as const));
  const room101 = async () => (await t.cloud.provisioning()).locks.find((l) => l.entrance_name === 'Room 101')!;

  /** A guest at room 101 whose key is then revoked (grant deleted); the room's revoked document. */
  async function revokedGuest() {
    const g = await guestWithKey(t, ['room-101']);
    const load = (await holderLoads(t, g.instantKey.instant_key_url, await newDeviceKey())).load!.body.credential_bundle;
    const doc = load.credentials.find((c: any) => c.entrance_name === 'Room 101').document as string;
    expect((await t.call('/access_grants/delete', { access_grant_id: g.grant.access_grant_id })).status).toBe(200);
    const v = await verifyCredentialDocument(fromBase64Url(doc), await providerKeys());
    if (!v.ok) throw new Error(v.reason);
    return v.value;
  }

  it('the file carries the signed list: its version, and the revoked id', async () => {
    const revoked = await revokedGuest();
    const p = LockProvisioningSchema.parse(await room101());
    expect(p.blocklist).toBeDefined();
    const bl = await verifyBlocklist(fromBase64Url(p.blocklist!), await providerKeys());
    expect(bl.ok).toBe(true);
    if (!bl.ok) return;
    expect(bl.value.version).toBe(p.blocklist_version);
    expect(bl.value.version).toBeGreaterThan(0); // the deletion bumped it
    expect(bl.value.revokedCredentialIds).toContain(revoked.document.credentialId);
  });

  it('a lock provisioned after the revocation refuses the revoked key (REVOKED); a valid guest opens', async () => {
    const revoked = await revokedGuest();
    const fw = new LockFirmware({ provisioning: await room101(), clock: t.clock, logger: silent });
    expect(() => fw.decide(revoked, UNLOCK)).toThrow(/not installed/); // no decision before the list is in
    await fw.installProvisionedBlocklist(await providerKeys());
    expect(fw.holdsNoBlocklist).toBe(false);
    expect(fw.decide(revoked, UNLOCK).code).toBe(ResultCode.REVOKED);
  });

  it('restoring saved state keeps the list the lock has; the file\'s list is installed only on first provisioning', async () => {
    const revoked = await revokedGuest();
    const p = await room101();
    const store = new MemoryStateStore();
    const first = new LockFirmware({ provisioning: p, clock: t.clock, logger: silent, store });
    await first.installProvisionedBlocklist(await providerKeys());
    // A phone later carries a newer list in which the key is no longer named (say it expired).
    expect(first.acceptBlocklist({ version: p.blocklist_version + 1, issuedAt: t.clock.now(), revokedCredentialIds: [], keyId: 'k' })).toBe(ResultCode.GRANTED);
    const restored = new LockFirmware({ provisioning: p, clock: t.clock, logger: silent, store });
    await restored.installProvisionedBlocklist(await providerKeys()); // a no-op after a restore
    expect(restored.blocklistVersion).toBe(p.blocklist_version + 1);
    expect(restored.decide(revoked, UNLOCK).code).toBe(ResultCode.GRANTED);
  });

  it('an older file with only blocklist_version loads; the lock then holds no list and takes any valid one', async () => {
    const revoked = await revokedGuest();
    const { blocklist: _dropped, ...old } = await room101();
    const p: LockProvisioning = LockProvisioningSchema.parse(old);
    const fw = new LockFirmware({ provisioning: p, clock: t.clock, logger: silent });
    await fw.installProvisionedBlocklist(await providerKeys());
    expect(fw.holdsNoBlocklist).toBe(true);
    expect(fw.decide(revoked, UNLOCK).code).toBe(ResultCode.GRANTED); // what such a lock cannot know
    // Any version: even one below the file's blocklist_version.
    expect(fw.acceptBlocklist({ version: 0, issuedAt: t.clock.now(), revokedCredentialIds: [revoked.document.credentialId], keyId: 'k' })).toBe(ResultCode.GRANTED);
    expect(fw.decide(revoked, UNLOCK).code).toBe(ResultCode.REVOKED);
  });

  it('a list that does not verify (another provider) is a clear configuration error', async () => {
    const p = await room101();
    const other = await startTestCloud();
    try {
      const foreign = (await other.cloud.provisioning()).locks[0]!.blocklist!;
      const fw = new LockFirmware({ provisioning: { ...p, blocklist: foreign }, clock: t.clock, logger: silent });
      await expect(fw.installProvisionedBlocklist(await providerKeys())).rejects.toThrow(/blocklist does not verify/);
    } finally {
      await other.close();
    }
  });
});
