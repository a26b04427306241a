/**
 * Provider keys with key ids and rotation; lock provisioning files (validated by the shared zod
 * schema, certificates verified by @keyrig/protocol).
 */
import { decodeCredentialDocument, fromBase64Url, importProviderKeys, jwkToPublicKeyRaw, verifyCredentialDocument, verifyLockCertificate } from '@keyrig/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProvisioningFileSchema } from '../../src/property/provisioning.js';
import { guestWithKey, holderLoads, startTestCloud, type TestCloud } from './testCloud.js';

const keysOf = (list: { kid: string; public_jwk: JsonWebKey }[]) => importProviderKeys(list.map((k) => [k.kid, jwkToPublicKeyRaw(k.public_jwk)] as const));

describe('provider keys and provisioning', () => {
  let t: TestCloud;
  beforeAll(async () => {
    t = await startTestCloud();
  });
  afterAll(async () => t.close());

  it('writes a provisioning file per the shared schema, with verifiable lock certificates', async () => {
    const prov = ProvisioningFileSchema.parse(await t.cloud.provisioning());
    expect(prov.locks.map((l) => l.lock_type).sort()).toEqual(['amenity', 'amenity', 'door', 'door', 'door', 'elevator']);
    const keys = await keysOf(prov.locks[0]!.provider_keys);
    for (const l of prov.locks) {
      const v = await verifyLockCertificate(fromBase64Url(l.lock_certificate!), keys, t.clock.now());
      expect(v.ok).toBe(true);
      if (v.ok) expect(v.value.certificate.lockId).toBe(l.lock_id);
    }
    const gym = prov.locks.find((l) => l.entrance_name === 'Gym')!;
    expect(gym.schedule).toEqual([{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '06:00', to: '22:00' }]);
    expect(prov.locks.find((l) => l.lock_type === 'elevator')!.floors).toEqual([1, 2, 3, 4, 5]);
    // Lock keys are stable across calls (and restarts: they live in the database).
    const again = await t.cloud.provisioning();
    expect(again.locks.map((l) => l.lock_key.public_jwk.x)).toEqual(prov.locks.map((l) => l.lock_key.public_jwk.x));
  });

  it('rotation: new documents and certificates use the new key id; the retired key stays published', async () => {
    const g = await guestWithKey(t, ['room-101']);
    const r = await holderLoads(t, g.instantKey.instant_key_url);
    const oldDoc = r.load!.body.credential_bundle.credentials[0].document as string;
    const oldKid = decodeCredentialDocument(fromBase64Url(oldDoc)).keyId;
    const rotated = await t.call('/keyrig/provider_keys/rotate');
    expect(rotated.status).toBe(200);
    const newKid = rotated.body.active_kid as string;
    expect(newKid).not.toBe(oldKid);
    expect(rotated.body.provider_keys.map((k: any) => [k.kid, k.status])).toEqual([[oldKid, 'retired'], [newKid, 'active']]);

    const g2 = await guestWithKey(t, ['room-102']);
    const r2 = await holderLoads(t, g2.instantKey.instant_key_url);
    const bundle = r2.load!.body.credential_bundle;
    expect(decodeCredentialDocument(fromBase64Url(bundle.credentials[0].document)).keyId).toBe(newKid);
    const keys = await keysOf(bundle.provider_keys);
    expect((await verifyCredentialDocument(fromBase64Url(oldDoc), keys)).ok).toBe(true);

    const prov = await t.cloud.provisioning();
    expect(prov.locks.every((l) => l.lock_certificate_kid === newKid)).toBe(true);
    expect(prov.locks[0]!.provider_keys.map((k) => k.kid)).toEqual([oldKid, newKid]);
  });
});

describe('restarting on the same database', () => {
  it('keeps ids, keys and data; refuses a different property with a clear message', async () => {
    const t = await startTestCloud({ apiKey: 'seam_test_restart_0123456789abcdefghij' });
    const g = await guestWithKey(t, ['room-101']);
    const prov = await t.cloud.provisioning();
    await t.cloud.close();
    const { startCloud, demoHotelProperty } = await import('../../src/index.js');
    const { pino } = await import('pino');
    const logger = pino({ level: 'silent' });
    const again = await startCloud({ dbPath: t.dbPath, logger, clock: t.clock, apiKey: 'seam_test_restart_0123456789abcdefghij' });
    try {
      const prov2 = await again.provisioning();
      expect(prov2.locks.map((l) => [l.lock_id, l.lock_key.public_jwk.x])).toEqual(prov.locks.map((l) => [l.lock_id, l.lock_key.public_jwk.x]));
      const res = await fetch(`${again.url}/instant_keys/get`, { method: 'POST', headers: { authorization: 'Bearer seam_test_restart_0123456789abcdefghij', 'content-type': 'application/json' }, body: JSON.stringify({ instant_key_id: g.instantKey.instant_key_id }) });
      expect(res.status).toBe(200);
    } finally {
      await again.close();
    }
    await expect(startCloud({ dbPath: t.dbPath, logger, property: { ...demoHotelProperty(), name: 'Other Hotel' } })).rejects.toThrow(
      /seeded from property "keyrig Demo Hotel", not "Other Hotel": use a new --db/,
    );
    await t.close();
  });
});
